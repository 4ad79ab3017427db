using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jobs;

/// <summary>
/// The call form of a job's arguments (see <see cref="CallArgs"/>): a JSON object with an array <c>args</c>, an
/// optional <c>kwargs</c> and no other member. The stores' release statements (workflow_succeeded_many,
/// workflow_group_release_many, workflow_failed_many) test the same shape in SQL and feed a waiting job as
/// <see cref="Feed"/> does.
/// </summary>
internal static class CallJson
{
    public const string ArgsName = "args";
    public const string KwargsName = "kwargs";

    /// <summary>A cheap test that rules most non-calls out without parsing: an object that mentions "args".</summary>
    public static bool MayBeCall(string json)
    {
        var s = json.AsSpan().TrimStart();
        return s.Length > 0 && s[0] == '{' && s.Contains("\"args\"", StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="root"/> is a call.</summary>
    public static bool IsCall(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return false;
        var hasArgs = false;
        foreach (var member in root.EnumerateObject())
        {
            if (member.NameEquals(ArgsName)) hasArgs = member.Value.ValueKind == JsonValueKind.Array;
            else if (!member.NameEquals(KwargsName)) return false;
        }
        return hasArgs;
    }

    /// <summary>True when <paramref name="json"/> is a call.</summary>
    public static bool IsCall(string json)
    {
        if (!MayBeCall(json)) return false;
        using var doc = JsonDocument.Parse(json);
        return IsCall(doc.RootElement);
    }

    /// <summary>
    /// The arguments a waiting job is released with when <paramref name="valueJson"/> (the result it waited for) is
    /// given to it: its own when immutable; a call with the value prepended to its positional arguments; otherwise
    /// the value itself.
    /// </summary>
    public static string Feed(string argsJson, bool immutable, string valueJson)
    {
        if (immutable) return argsJson;
        if (!IsCall(argsJson)) return valueJson;
        var call = JsonNode.Parse(argsJson)!.AsObject();
        call[ArgsName]!.AsArray().Insert(0, JsonNode.Parse(valueJson));
        return call.ToJsonString();
    }
}
