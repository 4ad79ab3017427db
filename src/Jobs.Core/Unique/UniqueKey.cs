using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jobs;

/// <summary>Resolves a unique job's key and the stored state names of its <see cref="UniqueStates"/>.</summary>
internal static class UniqueKey
{
    /// <summary>The caller's key, else <c>task:sha256(canonical args JSON)</c>.</summary>
    public static string For(string task, string argsJson, UniqueOptions unique)
    {
        if (unique.Key is { } key)
        {
            if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException($"The unique key of task '{task}' must not be empty.");
            return key;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(argsJson)));
        return task + ":" + Convert.ToHexStringLower(hash);
    }

    /// <summary>JSON with object keys sorted (ordinally) at every depth and no whitespace, so equal arguments give equal text.</summary>
    public static string Canonical(string json)
    {
        var node = JsonNode.Parse(json);
        return node is null ? "null" : Sort(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>The stored state names that count for <paramref name="states"/>.</summary>
    public static IReadOnlyList<string> StateNames(UniqueStates states)
    {
        if ((states & UniqueStates.All) == 0 || (states & ~UniqueStates.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(states), states, "Unique states must name at least one of Waiting, Running, Succeeded, Failed, Revoked.");
        var names = new List<string>();
        if (states.HasFlag(UniqueStates.Waiting)) names.AddRange([JobState.Scheduled, JobState.Pending, JobState.Retry]);
        if (states.HasFlag(UniqueStates.Running)) names.Add(JobState.Started);
        if (states.HasFlag(UniqueStates.Succeeded)) names.Add(JobState.Success);
        if (states.HasFlag(UniqueStates.Failed)) names.Add(JobState.Failure);
        if (states.HasFlag(UniqueStates.Revoked)) names.Add(JobState.Revoked);
        return names;
    }
}
