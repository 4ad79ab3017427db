using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// The payload envelope (README "Payloads: codecs and compression"): every codec × compression round trip through the
/// client, a real worker and the result; the row records content type and encoding (plain JSON keeps its args);
/// msgpack workflow steps are fed their parents' results; payloads a codec must refuse (a MessagePack Typeless
/// extension, YAML tags outside the core schema) end FAILURE "PayloadInvalid: ..." and their handler never runs.
/// </summary>
public abstract class PayloadConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly EnqueueOptions Fast = new() { RetryBackoff = TimeSpan.FromMilliseconds(10), RetryBackoffMax = TimeSpan.FromMilliseconds(10) };

    /// <summary>Set by payload.flag: a refused payload must never reach it.</summary>
    private volatile bool _handlerRan;

    /// <summary>The arguments payload.record (an errback) ran with.</summary>
    private readonly TaskCompletionSource<string> _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Doc(string Text, long N, double F, bool B, string?[] Items, Dictionary<string, int> Map, string Unicode, bool Seen = false);

    public sealed record AddArgs(int X, int Y);

    protected override void ConfigureClient(JobsOptions options) => Register(options);

    private void Register(JobsOptions o)
    {
        o.AddTask<Doc, Doc>("payload.echo", (d, _) => Task.FromResult(d with { Seen = true }));
        o.AddTask<int, int>("payload.inc", (x, _) => Task.FromResult(x + 1));
        o.AddTask<int[], int>("payload.sum", (xs, _) => Task.FromResult(xs.Sum()));
        o.AddTask<AddArgs, int>("payload.add", (a, _) => Task.FromResult(a.X + a.Y));
        o.AddTask<JsonElement, int>("payload.fail", (_, _) => throw new InvalidOperationException("boom"));
        o.AddTask<JsonElement, string>("payload.record", (a, _) => { _recorded.TrySetResult(a.GetRawText()); return Task.FromResult("recorded"); });
        o.AddTask<JsonElement, bool>("payload.flag", (_, _) => { _handlerRan = true; return Task.FromResult(true); });
    }

    private Task StartPayloadWorkerAsync() => StartWorkerAsync(w => w.Concurrency = 4, Register);

    private static Doc Sample(int size) => new(
        new string('x', size) + " \"quoted\" \\ back", -42, 3.25, true, ["a", null, "c"], new() { ["one"] = 1, ["two"] = 2 }, "héllo ✓ 日本");

    public static TheoryData<PayloadCodec, PayloadCompression> Formats()
    {
        var data = new TheoryData<PayloadCodec, PayloadCompression>();
        foreach (var codec in Enum.GetValues<PayloadCodec>())
            foreach (var compression in Enum.GetValues<PayloadCompression>())
                data.Add(codec, compression);
        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Every_codec_and_compression_round_trips_through_a_worker_and_its_result(PayloadCodec codec, PayloadCompression compression)
    {
        await StartPayloadWorkerAsync();
        var big = Sample(4000); // above the 1024-byte threshold: compressed
        var small = Sample(10); // below it: encoded, not compressed
        var bigResult = await Client.EnqueueAsync("payload.echo", big, Fast with { Codec = codec, Compression = compression });
        var smallResult = await Client.EnqueueAsync("payload.echo", small, Fast with { Codec = codec, Compression = compression });

        var bigDoc = await bigResult.GetAsync<Doc>(Wait);
        var smallDoc = await smallResult.GetAsync<Doc>(Wait);
        AssertDoc(big, bigDoc);
        AssertDoc(small, smallDoc);

        var info = (await bigResult.GetInfoAsync())!;
        var plain = codec == PayloadCodec.Json && compression == PayloadCompression.None;
        Assert.Null(info.PayloadError);
        Assert.Equal(codec switch { PayloadCodec.MessagePack => "application/x-msgpack", PayloadCodec.Yaml => "application/x-yaml", _ => "application/json" }, info.ContentType);
        Assert.Equal(compression switch
        {
            PayloadCompression.Gzip => "gzip", PayloadCompression.Zlib => "zlib", PayloadCompression.Brotli => "br", PayloadCompression.Bzip2 => "bzip2", _ => null,
        }, info.ContentEncoding);
        Assert.Equal(plain, info.Payload is null);
        Assert.Equal(plain, info.ResultPayload is null);
        // Reads decode: the arguments and the result are JSON whatever the wire format.
        Assert.Equal(big.Text, JsonNode.Parse(info.Args)!["text"]!.GetValue<string>());
        Assert.True(JsonNode.Parse(info.Result!)!["seen"]!.GetValue<bool>());
        var smallInfo = (await smallResult.GetInfoAsync())!;
        Assert.Null(smallInfo.ContentEncoding); // under the threshold
    }

    private static void AssertDoc(Doc expected, Doc? actual)
    {
        Assert.NotNull(actual);
        Assert.True(actual.Seen);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.N, actual.N);
        Assert.Equal(expected.F, actual.F);
        Assert.Equal(expected.B, actual.B);
        Assert.Equal(expected.Items, actual.Items);
        Assert.Equal(expected.Map, actual.Map);
        Assert.Equal(expected.Unicode, actual.Unicode);
    }

    [Fact]
    public async Task A_task_default_codec_applies_and_a_many_job_batch_keeps_every_payload()
    {
        await StartPayloadWorkerAsync();
        // 40 jobs: the PostgreSQL store's COPY path (threshold 32) with the envelope's columns.
        var requests = Enumerable.Range(0, 40).Select(i => new JobRequest("payload.inc", i, Fast with { Codec = PayloadCodec.MessagePack, Compression = PayloadCompression.Gzip })).ToList();
        var results = await Client.EnqueueManyAsync(requests);
        for (var i = 0; i < results.Count; i++) Assert.Equal(i + 1, await results[i].GetAsync<int>(Wait));
        var info = (await results[0].GetInfoAsync())!;
        Assert.Equal("application/x-msgpack", info.ContentType);
        Assert.Equal("0", info.Args);
    }

    [Fact]
    public async Task A_chain_and_a_chord_of_msgpack_steps_feed_each_result_to_the_next()
    {
        await StartPayloadWorkerAsync();
        var mp = Fast with { Codec = PayloadCodec.MessagePack, Compression = PayloadCompression.Zlib };
        var chain = await Client.ApplyAsync(new Chain(new Signature("payload.inc", 1, mp), new Signature("payload.inc", null, mp), new Signature("payload.inc", null, mp)));
        Assert.Equal(4, await chain.GetAsync<int>(Wait));
        var steps = await Client.GetJobsAsync(chain.JobIds);
        Assert.All(steps, s => Assert.Equal("application/x-msgpack", s.ContentType));
        Assert.All(steps, s => Assert.Equal(JobState.Success, s.State));

        // A partial signature gets the result prepended to its own (msgpack) arguments.
        var partial = await Client.ApplyAsync(new Chain(new Signature("payload.inc", 1, mp), Workflow.Call("payload.add", 10).With(mp)));
        Assert.Equal(12, await partial.GetAsync<int>(Wait));

        var chord = await Client.ApplyAsync(new Chord(
            new Group(new Signature("payload.inc", 1, mp), new Signature("payload.inc", 2, mp), new Signature("payload.inc", 3, mp)),
            new Signature("payload.sum", null, mp)));
        Assert.Equal(2 + 3 + 4, await chord.GetAsync<int>(Wait));
    }

    [Fact]
    public async Task A_msgpack_errback_is_fed_the_failure_of_its_msgpack_parent()
    {
        await StartPayloadWorkerAsync();
        var mp = Fast with { Codec = PayloadCodec.MessagePack, MaxRetries = 0 };
        await Client.ApplyAsync(new Signature("payload.fail", 1, mp).LinkError(new Signature("payload.record", new CallArgs(["tag"]), mp)));
        var args = JsonNode.Parse(await _recorded.Task.WaitAsync(Wait))!["args"]!.AsArray();
        Assert.Equal(2, args.Count);
        Assert.Contains("boom", args[0]!["error"]!.GetValue<string>());
        Assert.Equal("tag", args[1]!.GetValue<string>());
    }

    /// <summary>MessagePack's Typeless form: ext 100 holding a CLR type name, then the object.</summary>
    private static byte[] TypelessPayload()
    {
        var typeName = Encoding.UTF8.GetBytes("System.Diagnostics.Process, System.Diagnostics.Process");
        return [0xc7, (byte)typeName.Length, 100, .. typeName, 0x80];
    }

    public static TheoryData<string, string, string> RefusedPayloads() => new()
    {
        { "application/x-msgpack", Convert.ToBase64String(TypelessPayload()), "extension type 100" },
        { "application/x-msgpack", Convert.ToBase64String([0xd4, 7, 1]), "extension type 7" },
        { "application/x-yaml", Convert.ToBase64String(Encoding.UTF8.GetBytes("!!type System.Diagnostics.Process")), "tag:yaml.org,2002:type" },
        { "application/x-yaml", Convert.ToBase64String(Encoding.UTF8.GetBytes("x: !<tag:yaml.org,2002:System.Diagnostics.Process> {StartInfo: {FileName: calc}}")), "System.Diagnostics.Process" },
        { "application/x-yaml", Convert.ToBase64String(Encoding.UTF8.GetBytes("- !foo bar")), "'!foo'" },
    };

    [Theory]
    [MemberData(nameof(RefusedPayloads))]
    public async Task A_payload_a_codec_refuses_ends_FAILURE_PayloadInvalid_and_its_handler_never_runs(string contentType, string payloadBase64, string reason)
    {
        await StartPayloadWorkerAsync();
        // Written into the row as an attacker with table access would: no client sealed it.
        var job = new NewJob
        {
            Id = JobIds.Next(), Task = "payload.flag", Queue = "default", ArgsJson = "{}", MaxAttempts = 3,
            ContentType = contentType, Payload = Convert.FromBase64String(payloadBase64),
        };
        await Store.EnqueueAsync([job], null, null, default);
        var info = await Client.GetResult(job.Id).WaitAsync(Wait);
        Assert.Equal(JobState.Failure, info.State);
        Assert.StartsWith("PayloadInvalid: ", info.Error);
        Assert.Contains(reason, info.Error);
        Assert.Equal(1, info.Attempt); // never retried
        Assert.False(_handlerRan);
        Assert.NotNull(info.PayloadError); // the reading side says why it cannot show the arguments
    }
}
