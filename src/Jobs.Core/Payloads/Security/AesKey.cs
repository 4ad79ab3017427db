namespace Jobs.Payloads.Security;

/// <summary>A 256-bit AES key with its id.</summary>
internal sealed class AesKey : IKeyed
{
    public const int Size = 32;

    public AesKey(string id, ReadOnlySpan<byte> key)
    {
        Id = KeyId.Validate(id);
        if (key.Length != Size) throw new ArgumentException($"AES key '{id}' has {key.Length} bytes; AES-256 needs exactly {Size}.", nameof(key));
        Key = key.ToArray();
    }

    public string Id { get; }
    public byte[] Key { get; }
}
