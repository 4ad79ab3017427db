using System.Text;
using Xunit;

namespace Jobs.Core.Tests.Http;

public sealed class HttpCallbackSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"a\":1}");
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void The_signature_is_hmac_sha256_of_timestamp_dot_body_in_lower_case_hex()
        // Python: hmac.new(b'secret', b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        => Assert.Equal("sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686",
            HttpCallbackSignature.Compute("secret", HttpCallbackSignature.Timestamp(At), Body));

    [Fact]
    public void Verify_accepts_the_signature_and_refuses_a_tampered_body_timestamp_key_or_an_old_timestamp()
    {
        var ts = HttpCallbackSignature.Timestamp(At);
        var sig = HttpCallbackSignature.Compute("secret", ts, Body);
        var tolerance = TimeSpan.FromMinutes(5);
        Assert.True(HttpCallbackSignature.Verify("secret", sig, ts, Body, At.AddSeconds(30), tolerance));
        Assert.True(HttpCallbackSignature.Verify("secret", sig.ToUpperInvariant().Replace("SHA256=", "sha256="), ts, Body, At, tolerance));
        Assert.False(HttpCallbackSignature.Verify("secret", sig, ts, Encoding.UTF8.GetBytes("{\"a\":2}"), At, tolerance));
        Assert.False(HttpCallbackSignature.Verify("secret", sig, "1700000001", Body, At, tolerance));
        Assert.False(HttpCallbackSignature.Verify("other", sig, ts, Body, At, tolerance));
        Assert.False(HttpCallbackSignature.Verify("secret", sig, ts, Body, At.AddMinutes(6), tolerance)); // a replay, later
        Assert.False(HttpCallbackSignature.Verify("secret", null, ts, Body, At, tolerance));
        Assert.False(HttpCallbackSignature.Verify("secret", sig, "not-a-time", Body, At, tolerance));
    }
}
