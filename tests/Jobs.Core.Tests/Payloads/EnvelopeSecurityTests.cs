using System.Text;
using Jobs.Payloads;
using Jobs.Storage;
using Xunit;

namespace Jobs.Core.Tests.Payloads;

/// <summary>The envelope with the crypto layer: what a client seals, what a worker opens and what a reader verifies.</summary>
public sealed class EnvelopeSecurityTests
{
    private static readonly byte[] Secret = Enumerable.Repeat((byte)7, 32).ToArray();

    private static PayloadOptions Options(Action<PayloadOptions>? more = null)
    {
        var o = new PayloadOptions();
        o.Signing.AddHmacKey("k1", Secret);
        o.Encryption.AddAesKey("a1", Enumerable.Repeat((byte)9, 32).ToArray());
        more?.Invoke(o);
        return o;
    }

    private static NewJob Job(bool encrypt = false) => new()
    {
        Id = Guid.CreateVersion7(), Task = "t", Queue = "q", ArgsJson = """{"x":1}""", Encrypt = encrypt, Delay = TimeSpan.FromSeconds(5),
    };

    private static ClaimedJob Claimed(NewJob j) => new()
    {
        Id = j.Id, Task = j.Task, Queue = j.Queue, ArgsJson = j.ArgsColumn, ContentType = j.ContentType, ContentEncoding = j.ContentEncoding,
        Payload = j.Payload, Signature = j.Signature,
    };

    [Fact]
    public void A_signed_job_keeps_its_exact_bytes_and_opens_on_a_verifying_worker()
    {
        var sealedJob = new PayloadEnvelope(Options()).Seal(Job());
        Assert.Null(sealedJob.ArgsColumn);
        Assert.Equal("""{"x":1}""", Encoding.UTF8.GetString(sealedJob.Payload!));
        Assert.StartsWith("v1;alg=hmac-sha256;kid=k1;eta=+5000;exp=;sig=", sealedJob.Signature);
        var worker = new PayloadEnvelope(Options(o => o.Signing.RequireSignatures = true));
        Assert.Equal("""{"x":1}""", worker.Open(Claimed(sealedJob)));
        var ex = Assert.Throws<PayloadException>(() => worker.Open(Claimed(sealedJob) with { Queue = "other" }));
        Assert.StartsWith("SignatureInvalid: ", ex.Message);
    }

    [Fact]
    public void Encryption_goes_after_compression_and_is_named_with_its_key_in_content_encoding()
    {
        var envelope = new PayloadEnvelope(Options(o => o.CompressionThreshold = 1));
        var sealedJob = envelope.Seal(Job(encrypt: true) with { Format = new PayloadFormat(PayloadCodec.Json, PayloadCompression.Gzip) });
        Assert.Equal("gzip+aes256gcm:a1", sealedJob.ContentEncoding);
        Assert.Equal("""{"x":1}""", envelope.Open(Claimed(sealedJob)));
    }

    [Fact]
    public void A_job_that_asks_for_encryption_without_a_key_is_refused_at_enqueue()
    {
        var noKeys = new PayloadEnvelope(new PayloadOptions());
        Assert.Contains("holds no key", Assert.Throws<InvalidOperationException>(() => noKeys.Seal(Job(encrypt: true))).Message);
    }

    [Fact]
    public void Results_are_signed_only_with_SignResults_and_a_jobs_signature_does_not_pass_for_its_results()
    {
        var plainWorker = new PayloadEnvelope(Options());
        var sealedJob = plainWorker.Seal(Job() with { Delay = TimeSpan.Zero });
        Assert.Null(plainWorker.SealResult(Claimed(sealedJob), "2").Signature);

        var signing = new PayloadEnvelope(Options(o => o.Signing.SignResults = true));
        var (_, resultBytes, resultSignature) = signing.SealResult(Claimed(sealedJob), "2");
        Assert.Contains(";eta=result;", resultSignature);
        var info = new JobInfo
        {
            Id = sealedJob.Id, Task = "t", Queue = "q", State = JobState.Success, Args = "null", ContentType = sealedJob.ContentType,
            Payload = sealedJob.Payload, Signature = sealedJob.Signature, ResultPayload = resultBytes, ResultSignature = resultSignature,
        };
        Assert.Equal("2", signing.Read(info).Result);
        Assert.Null(signing.Read(info).PayloadError);
        // The job's own bytes and signature copied into the result columns: refused.
        var swapped = signing.Read(info with { ResultPayload = sealedJob.Payload, ResultSignature = sealedJob.Signature });
        Assert.StartsWith("SignatureInvalid: ", swapped.PayloadError);
        Assert.Null(swapped.Result);
        // A client that requires signed results refuses a plain one.
        var strict = new PayloadEnvelope(Options(o => { o.Signing.SignResults = true; o.Signing.RequireSignatures = true; }));
        var plain = strict.Read(info with { Payload = null, ResultPayload = null, ResultSignature = null, Args = "{}", Result = "2" });
        Assert.StartsWith("SignatureInvalid: the result is not signed", plain.PayloadError);
    }
}
