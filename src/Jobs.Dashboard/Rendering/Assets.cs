using System.Security.Cryptography;

namespace Jobs.Dashboard.Rendering;

/// <summary>The stylesheet and script, embedded in the assembly and served with a version for long caching.</summary>
internal static class Assets
{
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Files = Load();

    /// <summary>A hash of every asset: changes whenever one does.</summary>
    public static string Version { get; } = Convert.ToHexString(SHA256.HashData(Files.OrderBy(f => f.Key).SelectMany(f => f.Value.Bytes).ToArray()))[..12].ToLowerInvariant();

    public static bool TryGet(string name, out byte[] bytes, out string type)
    {
        var found = Files.TryGetValue(name, out var file);
        (bytes, type) = found ? file : ([], "");
        return found;
    }

    private static Dictionary<string, (byte[], string)> Load()
    {
        const string prefix = "Jobs.Dashboard.Assets.";
        var assembly = typeof(Assets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[prefix.Length..];
            files[name] = (copy.ToArray(), Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            });
        }
        return files;
    }
}
