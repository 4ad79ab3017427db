using System.Text;
using System.Text.Json;

namespace Jobs;

/// <summary>
/// The built-in <see cref="Workflow.MapTask"/> / <see cref="Workflow.StarmapTask"/>: runs a registered task once per
/// item, in turn, in this job (Celery's xmap/xstarmap), and returns the results as one JSON array. In the single-JSON
/// arguments model the two differ only in what an item is (any JSON, or a JSON array of positional values).
/// </summary>
internal sealed class MapHandler(string name, TaskRegistry registry) : TaskHandler(name)
{
    public override async Task<string> InvokeAsync(string argsJson, JobContext context, JobSerializer serializer)
    {
        using var doc = JsonDocument.Parse(argsJson);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !TryGet(root, "task", out var taskElement) || taskElement.ValueKind != JsonValueKind.String
            || !TryGet(root, "items", out var items) || items.ValueKind != JsonValueKind.Array)
            throw new JobArgumentsException($"Arguments for task '{Name}' must be {{\"task\": NAME, \"items\": [...]}}.");
        var task = taskElement.GetString()!;
        if (!registry.TryGet(task, out var handler) || handler is MapHandler)
            throw new JobArgumentsException($"Task '{Name}' cannot map task '{task}': it is not registered in this worker.");
        var results = new StringBuilder("[");
        foreach (var item in items.EnumerateArray())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (results.Length > 1) results.Append(',');
            results.Append(await handler.InvokeAsync(item.GetRawText(), context, serializer).ConfigureAwait(false));
        }
        return results.Append(']').ToString();
    }

    private static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var p in obj.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) { value = p.Value; return true; }
        value = default;
        return false;
    }
}
