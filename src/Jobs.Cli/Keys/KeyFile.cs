using System.Text;

namespace Jobs.Cli.Keys;

/// <summary>
/// A key file as <c>jobs keys generate</c> writes it: a header line <c># jobs key: type=TYPE id=ID</c>, then the key:
/// base64 of 32 random bytes for <c>hmac</c> and <c>aes</c>, PEM for <c>ecdsa</c> and <c>ed25519</c> (PKCS#8 private
/// key) and <c>ecdsa-public</c> and <c>ed25519-public</c> (public key). The key options also read files without the header (a PEM key or certificate, or
/// one base64 line); their key id is then given as <c>ID=FILE</c>.
/// </summary>
internal sealed record KeyFile(KeyType? Type, string? Id, string Body)
{
    private const string Header = "# jobs key:";

    public bool IsPem => Body.Contains("-----BEGIN ", StringComparison.Ordinal);

    public string Format()
    {
        var text = new StringBuilder();
        if (Type is not null || Id is not null)
        {
            text.Append(Header);
            if (Type is { } t) text.Append(" type=").Append(t.Name());
            if (Id is { } id) text.Append(" id=").Append(id);
            text.Append('\n');
        }
        text.Append(Body.TrimEnd()).Append('\n');
        return text.ToString();
    }

    /// <summary>Parses a key file's text (lines starting with '#' other than the header are comments).</summary>
    public static KeyFile Parse(string text)
    {
        KeyType? type = null;
        string? id = null;
        var body = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(Header, StringComparison.Ordinal))
            {
                foreach (var field in line[Header.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (field.StartsWith("type=", StringComparison.Ordinal))
                        type = KeyTypeNames.Parse(field[5..]) ?? throw new FormatException($"unknown key type '{field[5..]}' in the header");
                    else if (field.StartsWith("id=", StringComparison.Ordinal)) id = field[3..];
                }
            }
            else if (line.StartsWith('#') || line.Length == 0) continue;
            else body.Append(line).Append('\n');
        }
        if (body.Length == 0) throw new FormatException("the file holds no key");
        return new KeyFile(type, id, body.ToString());
    }

    /// <summary>The bytes of a base64 body (hmac, aes).</summary>
    public byte[] Bytes()
    {
        if (IsPem) throw new FormatException("the file holds a PEM key, not a base64 secret");
        try
        {
            return Convert.FromBase64String(Body.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("the key is neither PEM nor base64");
        }
    }
}
