using System.Text;
using System.Text.Json;
using Jobs.Storage;

namespace Jobs.Payloads;

/// <summary>
/// Seals a job's JSON arguments for its row and opens them again (ENVELOPE.md): encode with the codec, compress above
/// the threshold, encrypt, sign; open verifies, decrypts, decompresses and decodes back to JSON text, or throws a
/// <see cref="PayloadException"/> whose message names the reason ("SignatureInvalid: ", "DecryptionFailed: ",
/// "PayloadInvalid: "). Results take the job's own content type and encoding. A plain, unsigned JSON job is left as it
/// is (args in args). The signer, verifier and encryptor are the crypto layer's hooks (<see cref="PayloadOptions"/>).
/// </summary>
internal sealed class PayloadEnvelope(PayloadOptions options)
{
    private IPayloadSigner? Signer => options.Signer;
    private IPayloadSigner? ResultSigner => options.ResultSigner;
    private IPayloadVerifier? Verifier => options.Verifier;
    private IPayloadEncryptor? Encryptor => options.Encryptor;

    /// <summary>True when no job of this process can need more than plain JSON (the hot path skips the envelope).</summary>
    public bool PlainOnly(PayloadFormat format) => format == PayloadFormat.Plain && Signer is null && Encryptor is null;

    /// <summary>The job with its envelope columns set from <see cref="NewJob.ArgsJson"/> and <see cref="NewJob.Format"/>.</summary>
    public NewJob Seal(NewJob job)
    {
        var format = job.Format ?? PayloadFormat.Plain;
        if (!job.Encrypt && PlainOnly(format)) return job;
        var contentType = ContentTypes.Of(format.Codec);
        var bytes = Encode(contentType, job.ArgsJson);
        var encodings = new List<string>(2);
        if (ContentTypes.NameOf(format.Compression) is { } compression && bytes.Length >= options.CompressionThreshold)
        {
            bytes = PayloadCompressor.Compress(compression, bytes);
            encodings.Add(compression);
        }
        // Encrypted after compressing (ciphertext does not compress), signed last (the signature covers the stored bytes).
        if (job.Encrypt)
        {
            var encryptor = Encryptor ?? throw new InvalidOperationException(
                $"A job of task '{job.Task}' asks for encryption, but JobsOptions.Payloads.Encryption holds no key (AddAesKey).");
            bytes = encryptor.Encrypt(job.Id, job.Task, bytes);
            encodings.Add(ContentTypes.EncryptionPrefix + encryptor.CurrentKeyId);
        }
        var encoding = encodings.Count == 0 ? null : string.Join('+', encodings);
        if (contentType == ContentTypes.Json && encoding is null && Signer is null) return job;
        // Hook: the crypto layer signs the final bytes with the fields the client asked for.
        var signature = Signer?.Sign(new SignedFields(job.Id, job.Task, job.Queue, contentType, encoding, EtaText(job), ExpiresText(job)), bytes);
        return job with { ContentType = contentType, ContentEncoding = encoding, Payload = bytes, Signature = signature };
    }

    /// <summary>The arguments' JSON text of a claimed job (its own; workflow input is fed by the caller).</summary>
    public string Open(ClaimedJob job)
    {
        if (job.Payload is null)
        {
            if (Verifier is { RequireSignatures: true } v) v.Verify(job.Signature, Fields(job), Encoding.UTF8.GetBytes(job.ArgsJson ?? "null"));
            return job.ArgsJson ?? throw new PayloadException("PayloadInvalid: the job has neither args nor a payload");
        }
        if (Verifier is { } verifier && (job.Signature is not null || verifier.RequireSignatures)) verifier.Verify(job.Signature, Fields(job), job.Payload);
        return Decode(job.ContentType, job.ContentEncoding, job.Payload, job.Id, job.Task);
    }

    /// <summary>
    /// The result columns of a job that succeeded: plain jobs keep a plain result; others encode it as their arguments
    /// were (JSON also in <c>result</c> for workflow members, which SQL feeds to the next step).
    /// </summary>
    public (string? Json, byte[]? Payload, string? Signature) SealResult(ClaimedJob job, string resultJson)
    {
        if (job.Payload is null && ResultSigner is null) return (resultJson, null, null);
        var bytes = Encode(job.ContentType, resultJson);
        foreach (var step in Steps(job.ContentEncoding))
        {
            if (step.StartsWith(ContentTypes.EncryptionPrefix, StringComparison.Ordinal))
                bytes = (Encryptor ?? throw new PayloadException("DecryptionFailed: this worker holds no encryption key for the result")).Encrypt(job.Id, job.Task, bytes);
            else bytes = PayloadCompressor.Compress(step, bytes);
        }
        var signature = ResultSigner?.Sign(ResultFields(job.Id, job.Task, job.Queue, job.ContentType, job.ContentEncoding), bytes);
        return (job.Standalone ? null : resultJson, bytes, signature);
    }

    /// <summary>Decodes a stored job's arguments and result for reading (client, admin, console): the JSON, or why not.</summary>
    public JobInfo Read(JobInfo job)
    {
        if (job.Signature is not null) job = job with { SignatureCheck = CheckSignature(job) };
        if (job.Payload is null && job.ResultPayload is null)
            return job.Result is not null && ResultsMustBeSigned
                ? job with { Result = null, PayloadError = "SignatureInvalid: the result is not signed and signed results are required." }
                : job;
        string? args = job.Args, result = job.Result, error = null;
        try
        {
            if (job.Payload is not null) args = Decode(job.ContentType, job.ContentEncoding, job.Payload, job.Id, job.Task);
        }
        catch (PayloadException ex) { args = "null"; error = ex.Message; }
        try
        {
            if (job.ResultPayload is not null)
            {
                if (Verifier is { } v && (job.ResultSignature is not null || ResultsMustBeSigned))
                    v.Verify(job.ResultSignature, ResultFields(job.Id, job.Task, job.Queue, job.ContentType, job.ContentEncoding), job.ResultPayload);
                result = Decode(job.ContentType, job.ContentEncoding, job.ResultPayload, job.Id, job.Task);
            }
        }
        catch (PayloadException ex) { result = null; error = error is null ? ex.Message : error + "; result: " + ex.Message; }
        return job with { Args = args ?? "null", Result = result, PayloadError = error };
    }

    /// <summary>What a worker of this process would find checking the job's signature (for <c>jobs status</c> and JobAdmin).</summary>
    private string CheckSignature(JobInfo job)
    {
        if (Verifier is not { } verifier) return "not checked: this process holds no verification key";
        try
        {
            verifier.Verify(job.Signature, new SignedFields(job.Id, job.Task, job.Queue, job.ContentType, job.ContentEncoding, "", ""),
                job.Payload ?? Encoding.UTF8.GetBytes(job.Args ?? "null"));
            return "verified with key " + Security.PayloadSignature.Parse(job.Signature!).KeyId;
        }
        catch (PayloadException ex) { return ex.Message; }
    }

    private string Decode(string contentType, string? contentEncoding, byte[] payload, Guid id, string task)
    {
        var bytes = payload;
        var steps = Steps(contentEncoding);
        for (var i = steps.Length - 1; i >= 0; i--)
        {
            var step = steps[i];
            if (step.StartsWith(ContentTypes.EncryptionPrefix, StringComparison.Ordinal))
            {
                var kid = step[ContentTypes.EncryptionPrefix.Length..];
                bytes = Encryptor is { } encryptor
                    ? encryptor.Decrypt(kid, id, task, bytes)
                    : throw new PayloadException($"DecryptionFailed: encrypted with key {kid}, which this process does not hold");
            }
            else if (PayloadCompressor.IsKnown(step)) bytes = PayloadCompressor.Decompress(step, bytes, options.MaxDecodedBytes);
            else throw new PayloadException($"PayloadInvalid: unknown content encoding '{step}'");
        }
        return contentType switch
        {
            ContentTypes.Json => CheckedJson(bytes),
            ContentTypes.MessagePack => MessagePackTranscoder.ToJson(bytes),
            ContentTypes.Yaml => YamlTranscoder.ToJson(bytes),
            _ => throw new PayloadException($"PayloadInvalid: unknown content type '{contentType}'"),
        };
    }

    private static byte[] Encode(string contentType, string json) => contentType switch
    {
        ContentTypes.Json => Encoding.UTF8.GetBytes(json),
        ContentTypes.MessagePack => MessagePackTranscoder.FromJson(json),
        ContentTypes.Yaml => YamlTranscoder.FromJson(json),
        _ => throw new PayloadException($"PayloadInvalid: unknown content type '{contentType}'"),
    };

    private static string CheckedJson(byte[] bytes)
    {
        try
        {
            using var _ = JsonDocument.Parse(bytes);
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException)
        {
            throw new PayloadException($"PayloadInvalid: the payload is not valid JSON ({ex.Message})", ex);
        }
    }

    private static string[] Steps(string? contentEncoding)
        => string.IsNullOrEmpty(contentEncoding) ? [] : contentEncoding.Split('+');

    /// <summary>
    /// The fields a result's signature covers: the job's, with the eta "result" (a job's eta is a time, "+ms" or ""),
    /// so a job's signature copied into the result columns does not verify as its result's.
    /// </summary>
    private static SignedFields ResultFields(Guid id, string task, string queue, string contentType, string? contentEncoding)
        => new(id, task, queue, contentType, contentEncoding, ResultEta, "");

    internal const string ResultEta = "result";

    /// <summary>This process refuses unsigned results (it requires signatures and workers sign results).</summary>
    private bool ResultsMustBeSigned => options.Signing is { RequireSignatures: true, SignResults: true };

    private static SignedFields Fields(ClaimedJob job) => new(job.Id, job.Task, job.Queue, job.ContentType, job.ContentEncoding, "", "");

    /// <summary>The eta as the client asked for it: ISO-8601 UTC with milliseconds, "+&lt;ms&gt;" when relative, "" when none.</summary>
    internal static string EtaText(NewJob job)
        => job.RunAt is { } at ? Iso(at) : job.Delay > TimeSpan.Zero ? "+" + (long)job.Delay.TotalMilliseconds : "";

    /// <summary>The expiry as the client asked for it (see <see cref="EtaText"/>).</summary>
    internal static string ExpiresText(NewJob job)
        => job.ExpiresAt is { } at ? Iso(at) : job.ExpiresIn is { } e ? "+" + (long)e.TotalMilliseconds : "";

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
