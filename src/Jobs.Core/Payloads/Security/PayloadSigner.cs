namespace Jobs.Payloads.Security;

/// <summary>Signs with the ring's primary signing key (the one named primary, else the newest that holds a secret or private key).</summary>
internal sealed class PayloadSigner : IPayloadSigner
{
    private readonly ISigningKey _key;

    public PayloadSigner(ISigningKey key)
    {
        if (!key.CanSign) throw new ArgumentException($"Key '{key.Id}' cannot sign: it holds no secret or private key.", nameof(key));
        _key = key;
    }

    /// <summary>The id of the key this signer uses.</summary>
    public string KeyId => _key.Id;

    public string Sign(in SignedFields fields, ReadOnlySpan<byte> payload)
    {
        var data = SignedBytes.Build(PayloadSignature.Version, _key.Algorithm, _key.Id, fields, payload);
        return new PayloadSignature(_key.Algorithm, _key.Id, fields.Eta ?? "", fields.Expires ?? "", _key.Sign(data)).Format();
    }
}
