using System.Collections.Concurrent;
using System.Reflection;

namespace Jobs.Storage;

/// <summary>Loads a store's embedded <c>.sql</c> files and fills their <c>{token}</c> placeholders (e.g. the quoted schema).</summary>
internal static class SqlTemplate
{
    private static readonly ConcurrentDictionary<(Assembly, string), string> Cache = new();

    public static string Load(Assembly assembly, string resourceName)
        => Cache.GetOrAdd((assembly, resourceName), key =>
        {
            using var stream = key.Item1.GetManifestResourceStream(key.Item2)
                ?? throw new InvalidOperationException($"Embedded SQL '{key.Item2}' is missing from {key.Item1.GetName().Name}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });

    public static string Render(Assembly assembly, string resourceName, IReadOnlyDictionary<string, string> tokens)
    {
        var sql = Load(assembly, resourceName);
        foreach (var (name, value) in tokens) sql = sql.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return sql;
    }
}
