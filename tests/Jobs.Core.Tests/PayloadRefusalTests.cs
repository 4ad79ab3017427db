using System.Text;
using System.Text.Json;
using Jobs.Payloads;
using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>
/// No codec creates a type named by a payload: a MessagePack Typeless (ext 100) or other extension payload and a YAML
/// payload with a tag outside the core schema, found in a claimed row, end FAILURE "PayloadInvalid: ..." on the first
/// attempt (never retried) and the handler is never called.
/// </summary>
public sealed class PayloadRefusalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>MessagePack's Typeless form: ext 100 holding a CLR type name, then the object (an empty map).</summary>
    private static byte[] Typeless()
    {
        var typeName = Encoding.UTF8.GetBytes("System.Diagnostics.Process, System.Diagnostics.Process");
        return [0xc7, (byte)typeName.Length, 100, .. typeName, 0x80];
    }

    public static TheoryData<string, byte[], string> Refused() => new()
    {
        { ContentTypes.MessagePack, Typeless(), "extension type 100 (Typeless" },
        { ContentTypes.MessagePack, [0x91, 0xd6, 5, 1, 2, 3, 4], "extension type 5" },
        { ContentTypes.Yaml, Encoding.UTF8.GetBytes("!!type System.Diagnostics.Process"), "tag:yaml.org,2002:type" },
        { ContentTypes.Yaml, Encoding.UTF8.GetBytes("!<tag:yaml.org,2002:System.Diagnostics.Process> {StartInfo: {FileName: calc}}"), "System.Diagnostics.Process" },
        { ContentTypes.Yaml, Encoding.UTF8.GetBytes("args: [!foo bar]"), "'!foo'" },
        { ContentTypes.Yaml, Encoding.UTF8.GetBytes("a: &x [1]\nb: *x"), "aliases" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_refused_payload_ends_FAILURE_PayloadInvalid_on_its_first_attempt_and_the_handler_never_runs(string contentType, byte[] payload, string reason)
    {
        var store = new FakeStore();
        var handlerRan = false;
        var jobs = new JobsOptions();
        jobs.AddTask<JsonElement, int>("victim", (_, _) => { handlerRan = true; return Task.FromResult(1); });
        var job = FakeStore.Job("victim", maxAttempts: 5) with { ArgsJson = null, ContentType = contentType, Payload = payload };
        store.Own(job);
        var finished = new TaskCompletionSource<JobOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Finished += (outcomes, _) => { foreach (var o in outcomes) if (o.Id == job.Id) finished.TrySetResult(o); };
        store.Claims.Enqueue([job]);
        var worker = new JobWorker(store, jobs, new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(10) },
            new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        await worker.StartAsync(default);
        try
        {
            var outcome = await finished.Task.WaitAsync(Wait);
            Assert.Equal(OutcomeKind.Failure, outcome.Kind); // not Retry, though attempts remain
            Assert.StartsWith("PayloadInvalid: ", outcome.Error);
            Assert.Contains(reason, outcome.Error);
            Assert.False(handlerRan);
        }
        finally { await worker.StopAsync(default); }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Reading_a_refused_payload_says_why_instead_of_decoding_it(string contentType, byte[] payload, string reason)
    {
        var envelope = new PayloadEnvelope(new PayloadOptions());
        var read = envelope.Read(new JobInfo { Id = Guid.NewGuid(), Task = "t", Queue = "q", State = JobState.Pending, Args = "null", ContentType = contentType, Payload = payload });
        Assert.Equal("null", read.Args);
        Assert.Contains(reason, read.PayloadError);
    }

    [Theory]
    [InlineData("""{"a":[1,-2,3.5,true,false,null,"x\"y"],"b":{"c":"héllo ✓"},"n":18446744073709551615,"e":""}""")]
    [InlineData("42")]
    [InlineData("\"007\"")]
    [InlineData("[]")]
    [InlineData("{\"yes\":\"yes\",\"null\":\"null\",\"t\":\"true\",\"num\":\"1e3\",\"tilde\":\"~\"}")]
    public void Msgpack_and_yaml_transcode_json_and_back_to_the_same_value(string json)
    {
        var expected = JsonDocument.Parse(json).RootElement;
        foreach (var codec in new[] { PayloadCodec.MessagePack, PayloadCodec.Yaml })
            foreach (var compression in Enum.GetValues<PayloadCompression>())
            {
                var options = new PayloadOptions { CompressionThreshold = 0 };
                var envelope = new PayloadEnvelope(options);
                var sealedJob = envelope.Seal(new NewJob { Id = Guid.NewGuid(), Task = "t", Queue = "q", ArgsJson = json, Format = new PayloadFormat(codec, compression) });
                Assert.Null(sealedJob.ArgsColumn);
                var claimed = new ClaimedJob { Id = sealedJob.Id, Task = "t", Queue = "q", ContentType = sealedJob.ContentType, ContentEncoding = sealedJob.ContentEncoding, Payload = sealedJob.Payload };
                var opened = envelope.Open(claimed);
                Assert.True(JsonElement.DeepEquals(expected, JsonDocument.Parse(opened).RootElement), $"{codec}/{compression}: {opened}");
            }
    }

    [Fact]
    public void A_plain_json_job_keeps_its_row_as_before()
    {
        var envelope = new PayloadEnvelope(new PayloadOptions());
        var job = new NewJob { Id = Guid.NewGuid(), Task = "t", Queue = "q", ArgsJson = "{}", Format = PayloadFormat.Plain };
        Assert.Same(job, envelope.Seal(job));
        // JSON compressed under the threshold stays plain too.
        var small = job with { Format = new PayloadFormat(PayloadCodec.Json, PayloadCompression.Gzip) };
        Assert.Null(envelope.Seal(small).Payload);
    }

    [Fact]
    public void A_corrupt_compressed_payload_is_PayloadInvalid()
    {
        var envelope = new PayloadEnvelope(new PayloadOptions());
        var claimed = new ClaimedJob { Id = Guid.NewGuid(), Task = "t", Queue = "q", ContentType = ContentTypes.Json, ContentEncoding = "gzip", Payload = [1, 2, 3, 4] };
        var ex = Assert.Throws<PayloadException>(() => envelope.Open(claimed));
        Assert.StartsWith("PayloadInvalid: ", ex.Message);
        var encrypted = claimed with { ContentEncoding = "aes256gcm:k2" };
        Assert.Equal("DecryptionFailed: encrypted with key k2, which this process does not hold", Assert.Throws<PayloadException>(() => envelope.Open(encrypted)).Message);
    }
}
