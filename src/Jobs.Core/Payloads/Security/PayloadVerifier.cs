namespace Jobs.Payloads.Security;

/// <summary>
/// Verifies a signature with whichever listed key its id names (so jobs signed before a rotation still verify).
/// A present signature is always checked; a missing one is refused only when <see cref="RequireSignatures"/> is set.
/// The eta and expiry covered are the ones the signature's text carries (they cannot be changed without breaking it).
/// </summary>
internal sealed class PayloadVerifier(KeyRing<ISigningKey> keys, bool requireSignatures) : IPayloadVerifier
{
    public bool RequireSignatures { get; } = requireSignatures;

    public void Verify(string? signature, in SignedFields fields, ReadOnlySpan<byte> payload)
    {
        if (string.IsNullOrEmpty(signature))
        {
            if (RequireSignatures) throw PayloadSignature.Invalid("the payload is not signed and signatures are required");
            return;
        }
        var s = PayloadSignature.Parse(signature);
        var key = keys.Find(s.KeyId)
                  ?? throw PayloadSignature.Invalid($"signed with key '{s.KeyId}', which this process does not hold" + Held());
        if (s.Algorithm != key.Algorithm)
            throw PayloadSignature.Invalid($"the signature says {s.Algorithm} but key '{key.Id}' is {key.Algorithm}");
        // The eta and expiry the client asked for are signed and repeated in the signature's text; a caller that knows
        // them (the client re-checking its own job) passes them, a worker (which sees only the resolved run_at) passes "".
        if (fields.Eta is { Length: > 0 } eta && eta != s.Eta) throw PayloadSignature.Invalid($"the signed eta '{s.Eta}' is not the job's '{eta}'");
        if (fields.Expires is { Length: > 0 } exp && exp != s.Expires) throw PayloadSignature.Invalid($"the signed expiry '{s.Expires}' is not the job's '{exp}'");
        var data = SignedBytes.Build(PayloadSignature.Version, s.Algorithm, s.KeyId, fields with { Eta = s.Eta, Expires = s.Expires }, payload);
        if (!key.Verify(data, s.Value))
            throw PayloadSignature.Invalid($"the {s.Algorithm} signature of key '{key.Id}' does not match the payload and its fields (tampered, or signed with another key)");
    }

    private string Held() => keys.Count == 0 ? " (it holds no signing keys)" : $" (it holds {string.Join(", ", keys.Keys.Select(k => k.Id))})";
}
