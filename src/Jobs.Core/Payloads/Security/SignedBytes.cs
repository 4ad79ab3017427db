namespace Jobs.Payloads.Security;

/// <summary>
/// The exact bytes a signature covers (<see cref="LengthPrefixed"/>): version ("v1"), alg, kid, job id (lowercase
/// "D" form), task, queue, content_type, content_encoding ("" for none), eta, expires, then the payload bytes. The
/// length prefixes make the concatenation unambiguous: no field's bytes can be moved into its neighbour.
/// </summary>
internal static class SignedBytes
{
    public static byte[] Build(string version, string algorithm, string keyId, in SignedFields f, ReadOnlySpan<byte> payload)
        => LengthPrefixed.Join(
            [version, algorithm, keyId, f.Id.ToString("D"), f.Task ?? "", f.Queue ?? "", f.ContentType ?? "", f.ContentEncoding ?? "", f.Eta ?? "", f.Expires ?? ""],
            payload, withBytes: true);
}
