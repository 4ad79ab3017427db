using System.Text;

namespace Jobs.Payloads.Security;

/// <summary>
/// The signature column's text: <c>v1;alg=&lt;hmac-sha256|ecdsa-p256-sha256|ed25519&gt;;kid=&lt;key id&gt;;eta=&lt;...&gt;;exp=&lt;...&gt;;sig=&lt;base64&gt;</c>.
/// eta and exp repeat the signed eta and expiry as the client asked for them (see <see cref="SignedTime"/>), so a
/// verifier can check them against the row's <c>run_at</c> and <c>expires_at</c>.
/// </summary>
internal sealed record PayloadSignature(string Algorithm, string KeyId, string Eta, string Expires, byte[] Value)
{
    public const string Version = "v1";

    public string Format() => new StringBuilder(96 + Value.Length * 4 / 3)
        .Append(Version).Append(";alg=").Append(Algorithm).Append(";kid=").Append(KeyId)
        .Append(";eta=").Append(Eta).Append(";exp=").Append(Expires).Append(";sig=").Append(Convert.ToBase64String(Value))
        .ToString();

    /// <summary>Parses the column's text; throws <see cref="PayloadException"/> "SignatureInvalid: ..." when it is malformed.</summary>
    public static PayloadSignature Parse(string text)
    {
        var parts = text.Split(';');
        if (parts.Length != 6 || parts[0] != Version)
            throw Invalid($"the signature is not in the {Version} format (v1;alg=...;kid=...;eta=...;exp=...;sig=...)");
        string Field(int i, string name)
        {
            var p = parts[i];
            if (!p.StartsWith(name, StringComparison.Ordinal) || p.Length <= name.Length || p[name.Length] != '=')
                throw Invalid($"the signature's field {i + 1} is not '{name}='");
            return p[(name.Length + 1)..];
        }
        var alg = Field(1, "alg");
        var kid = Field(2, "kid");
        var eta = Field(3, "eta");
        var exp = Field(4, "exp");
        var sig = Field(5, "sig");
        if (!Security.KeyId.IsValid(kid)) throw Invalid($"the signature's key id '{kid}' is malformed");
        byte[] value;
        try
        {
            value = Convert.FromBase64String(sig);
        }
        catch (FormatException)
        {
            throw Invalid("the signature value is not base64");
        }
        return new PayloadSignature(alg, kid, eta, exp, value);
    }

    public static PayloadException Invalid(string reason) => new($"SignatureInvalid: {reason}.");
}
