using Jobs.Payloads.Security;

namespace Jobs.Cli.Keys;

/// <summary>One key option's value, <c>[ID=]FILE</c>: the key file, and its id when the file's header does not name it.</summary>
internal sealed record KeySpec(string? Id, string Path)
{
    public static KeySpec Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq > 0 && KeyId.IsValid(text[..eq])) return new KeySpec(text[..eq], text[(eq + 1)..]);
        return new KeySpec(null, text);
    }

    /// <summary>The same spec with an absolute path (passed on to process-pool children).</summary>
    public string Absolute() => (Id is null ? "" : Id + "=") + System.IO.Path.GetFullPath(Path);

    /// <summary>Reads the file; the id is <see cref="Id"/>, else the header's, else an error naming <paramref name="option"/>.</summary>
    public (string Id, KeyFile File) Read(string option)
    {
        KeyFile file;
        try
        {
            file = KeyFile.Parse(File.ReadAllText(Path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw CliException.Usage($"{option} {Path}: {ex.Message}");
        }
        var id = Id ?? file.Id ?? throw CliException.Usage($"{option} {Path}: the file names no key id; give it as {option} ID={Path}");
        if (!KeyId.IsValid(id)) throw CliException.Usage($"{option} {Path}: key id '{id}' is not valid (1 to 64 letters, digits, '.', '_' or '-')");
        return (id, file);
    }
}
