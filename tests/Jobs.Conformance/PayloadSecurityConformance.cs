using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// Signing and encryption of payloads (README "Payloads: signing and encryption"), through a real client, worker and
/// result: signed jobs run; a signed job tampered with in the table as an attacker would (PostgreSQL: a plain SQL
/// UPDATE; SQLite: the sqlite3 shell) ends FAILURE "SignatureInvalid: ..." with a task-failed event and its handler
/// never runs; results signed by the worker are verified by the client; encrypted arguments and results round trip
/// and a ciphertext moved to another row fails "DecryptionFailed: ...".
/// </summary>
public abstract class PayloadSecurityConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] AesKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    /// <summary>Set by sec.pay: a refused job must never reach it.</summary>
    private volatile bool _handlerRan;
    private readonly ConcurrentQueue<JobEvent> _failed = new();

    public sealed record Payment(string To, long Cents);

    protected override void ConfigureClient(JobsOptions options)
    {
        Register(options);
        options.Payloads.Signing.AddHmacKey("k1", Secret);
        options.Payloads.Encryption.AddAesKey("a1", AesKey);
    }

    private void Register(JobsOptions o)
    {
        o.AddTask<Payment, string>("sec.pay", (p, _) => { _handlerRan = true; return Task.FromResult($"paid {p.Cents} to {p.To}"); });
        o.AddTask<Payment, string>("sec.quote", (p, _) => Task.FromResult($"quote {p.Cents} for {p.To}"));
        o.AddTask<Payment, string>("sec.secret", (p, _) => Task.FromResult($"secret {p.Cents} for {p.To}"), t => t.Encrypt = true);
        o.AddTask<int, int>("sec.inc", (x, _) => Task.FromResult(x + 1));
        o.AddTask<int[], int>("sec.sum", (xs, _) => Task.FromResult(xs.Sum()));
    }

    /// <summary>A worker that requires signatures and verifies with k1 (the shared HMAC secret).</summary>
    private Task StartVerifyingWorkerAsync(Action<JobsOptions>? more = null) => StartWorkerAsync(w => w.Concurrency = 4, o =>
    {
        Register(o);
        o.Payloads.Signing.AddHmacKey("k1", Secret);
        o.Payloads.Signing.RequireSignatures = true;
        o.Payloads.Encryption.AddAesKey("a1", AesKey);
        o.OnEvent(e => { if (e.Type == JobEventTypes.TaskFailed) _failed.Enqueue(e); });
        more?.Invoke(o);
    });

    private async Task<JobInfo> RefusedAsync(Guid id, string reason)
    {
        var info = await Client.GetResult(id).WaitAsync(Wait);
        Assert.Equal(JobState.Failure, info.State);
        Assert.StartsWith(reason, info.Error);
        Assert.Equal(1, info.Attempt); // never retried
        Assert.False(_handlerRan, "the handler of a refused job ran");
        await WaitUntilAsync(() => Task.FromResult(_failed.Any(e => e.JobId == id)), Wait, "a task-failed event for the refused job");
        return info;
    }

    /// <summary>A client container of its own keys (not the suite's HMAC and AES keys).</summary>
    private ServiceProvider ClientServices(Action<JobsOptions> keys)
        => new ServiceCollection().AddLogging().AddJobs(o => { Harness.Configure(o); Register(o); keys(o); }).BuildServiceProvider();

    [Fact]
    public async Task Signed_jobs_run_and_their_rows_carry_the_v1_signature()
    {
        await StartVerifyingWorkerAsync();
        var r = await Client.EnqueueAsync("sec.pay", new Payment("alice", 100));
        Assert.Equal("paid 100 to alice", await r.GetAsync<string>(Wait));
        var info = (await r.GetInfoAsync())!;
        Assert.True(info.Signed);
        Assert.StartsWith("v1;alg=hmac-sha256;kid=k1;eta=;exp=;sig=", info.Signature);
        Assert.Equal("alice", JsonDocument.Parse(info.Args).RootElement.GetProperty("to").GetString());
        Assert.True(_handlerRan);
    }

    [Fact]
    public async Task A_signed_jobs_payload_changed_in_the_table_fails_SignatureInvalid_and_its_handler_never_runs()
    {
        var r = await Client.EnqueueAsync("sec.pay", new Payment("alice", 100));
        await Harness.TamperAsync($"update {{job}} set payload = {Harness.BytesLiteral(Encoding.UTF8.GetBytes("""{"to":"mallory","cents":100000000}"""))} where id = '{r.Id}'");
        await StartVerifyingWorkerAsync();
        var info = await RefusedAsync(r.Id, "SignatureInvalid: ");
        Assert.Contains("does not match", info.Error);
    }

    [Fact]
    public async Task A_signed_job_whose_args_replace_its_payload_in_the_table_fails_SignatureInvalid()
    {
        var r = await Client.EnqueueAsync("sec.pay", new Payment("alice", 100));
        await Harness.TamperAsync($"update {{job}} set args = '{{\"to\":\"mallory\",\"cents\":100000000}}', payload = null, content_type = 'application/json' where id = '{r.Id}'");
        await StartVerifyingWorkerAsync();
        await RefusedAsync(r.Id, "SignatureInvalid: ");
    }

    [Fact]
    public async Task A_signed_job_moved_to_another_task_or_queue_or_stripped_of_its_signature_fails()
    {
        var quote = await Client.EnqueueAsync("sec.quote", new Payment("alice", 100));
        var queued = await Client.EnqueueAsync("sec.pay", new Payment("bob", 5), new EnqueueOptions { Queue = "slow" });
        var stripped = await Client.EnqueueAsync("sec.pay", new Payment("carol", 7));
        await Harness.TamperAsync($"update {{job}} set task = 'sec.pay' where id = '{quote.Id}'");
        await Harness.TamperAsync($"update {{job}} set queue = 'default' where id = '{queued.Id}'");
        await Harness.TamperAsync($"update {{job}} set signature = null where id = '{stripped.Id}'");
        await StartVerifyingWorkerAsync();
        await RefusedAsync(quote.Id, "SignatureInvalid: ");
        await RefusedAsync(queued.Id, "SignatureInvalid: ");
        Assert.Contains("not signed", (await RefusedAsync(stripped.Id, "SignatureInvalid: ")).Error);
    }

    [Fact]
    public async Task A_worker_that_requires_signatures_refuses_an_unsigned_job()
    {
        // Inserted as a client without keys (or another language) would: plain JSON, no signature.
        var plain = new Jobs.Storage.NewJob { Id = JobIds.Next(), Task = "sec.pay", Queue = "default", ArgsJson = """{"to":"mallory","cents":1}""", MaxAttempts = 3 };
        await Store.EnqueueAsync([plain], null, null, default);
        await StartVerifyingWorkerAsync();
        Assert.Contains("not signed", (await RefusedAsync(plain.Id, "SignatureInvalid: ")).Error);
    }

    [Fact]
    public async Task A_job_signed_with_a_key_the_worker_does_not_hold_fails_and_names_the_key()
    {
        await StartWorkerAsync(w => w.Concurrency = 2, o =>
        {
            Register(o);
            o.Payloads.Signing.AddHmacKey("k9", RandomNumberGenerator.GetBytes(32));
            o.Payloads.Signing.RequireSignatures = true;
            o.OnEvent(e => { if (e.Type == JobEventTypes.TaskFailed) _failed.Enqueue(e); });
        });
        var r = await Client.EnqueueAsync("sec.pay", new Payment("alice", 1));
        Assert.Contains("'k1', which this process does not hold", (await RefusedAsync(r.Id, "SignatureInvalid: ")).Error);
    }

    [Fact]
    public async Task Ecdsa_signed_jobs_run_on_a_worker_that_holds_only_the_public_key()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicPem = ec.ExportSubjectPublicKeyInfoPem();
        await StartWorkerAsync(w => w.Concurrency = 2, o =>
        {
            Register(o);
            o.Payloads.Signing.AddEcdsaKey("e1", publicPem);
            o.Payloads.Signing.RequireSignatures = true;
        });
        await using var services = ClientServices(o => o.Payloads.Signing.AddEcdsaKey("e1", ec.ExportPkcs8PrivateKeyPem()));
        var r = await services.GetRequiredService<IJobClient>().EnqueueAsync("sec.quote", new Payment("alice", 3), new EnqueueOptions { Countdown = TimeSpan.FromMilliseconds(1) });
        Assert.Equal("quote 3 for alice", await r.GetAsync<string>(Wait));
        Assert.StartsWith("v1;alg=ecdsa-p256-sha256;kid=e1;eta=+1;", (await r.GetInfoAsync())!.Signature);
    }

    [Fact]
    public async Task Bulk_and_workflow_enqueues_are_signed_and_run()
    {
        await StartVerifyingWorkerAsync();
        // 40 jobs: the PostgreSQL store's COPY path.
        var many = await Client.EnqueueManyAsync(Enumerable.Range(0, 40).Select(i => new JobRequest("sec.inc", i)).ToList());
        for (var i = 0; i < many.Count; i++) Assert.Equal(i + 1, await many[i].GetAsync<int>(Wait));
        var chain = await Client.ApplyAsync(new Chain(new Signature("sec.inc", 1), new Signature("sec.inc"), new Signature("sec.inc")));
        Assert.Equal(4, await chain.GetAsync<int>(Wait));
        Assert.All(await Client.GetJobsAsync(chain.JobIds), s => Assert.True(s.Signed));
        var chord = await Client.ApplyAsync(new Chord(new Group(new Signature("sec.inc", 1), new Signature("sec.inc", 2)), new Signature("sec.sum")));
        Assert.Equal(2 + 3, await chord.GetAsync<int>(Wait));
    }

    [Fact]
    public async Task Results_signed_by_the_worker_are_verified_by_the_client()
    {
        await StartVerifyingWorkerAsync(o => o.Payloads.Signing.SignResults = true);
        var r = await Client.EnqueueAsync("sec.quote", new Payment("alice", 9));
        Assert.Equal("quote 9 for alice", await r.GetAsync<string>(Wait));
        Assert.Null((await r.GetInfoAsync())!.PayloadError);
        await Harness.TamperAsync($"update {{job}} set result_payload = {Harness.BytesLiteral(Encoding.UTF8.GetBytes("\"quote 0 for alice\""))} where id = '{r.Id}'");
        var tampered = (await r.GetInfoAsync())!;
        Assert.StartsWith("SignatureInvalid: ", tampered.PayloadError);
        Assert.Null(tampered.Result);
    }

    [Fact]
    public async Task Encrypted_arguments_and_results_round_trip_and_the_row_holds_no_plaintext()
    {
        await StartVerifyingWorkerAsync();
        var r = await Client.EnqueueAsync("sec.secret", new Payment("alice-secret-name", 42));
        var perJob = await Client.EnqueueAsync("sec.quote", new Payment("bob-secret-name", 1), new EnqueueOptions { Encrypt = true });
        Assert.Equal("secret 42 for alice-secret-name", await r.GetAsync<string>(Wait));
        Assert.Equal("quote 1 for bob-secret-name", await perJob.GetAsync<string>(Wait));
        foreach (var id in new[] { r.Id, perJob.Id })
        {
            var info = (await Client.GetResult(id).GetInfoAsync())!;
            Assert.Equal("aes256gcm:a1", info.ContentEncoding);
            Assert.Null(info.PayloadError);
            Assert.DoesNotContain("secret-name", Encoding.UTF8.GetString(info.Payload!));
            Assert.DoesNotContain("secret-name", Encoding.UTF8.GetString(info.ResultPayload!));
            Assert.Contains("secret-name", info.Args);
            Assert.Contains("secret-name", info.Result);
        }
    }

    [Fact]
    public async Task An_encrypted_payload_copied_to_another_row_fails_DecryptionFailed()
    {
        var a = await Client.EnqueueAsync("sec.secret", new Payment("alice", 1));
        var b = await Client.EnqueueAsync("sec.secret", new Payment("bob", 2));
        // Copy a's ciphertext and signature to b: the signature and the associated data (job id) both bind it to a.
        await Harness.TamperAsync($"update {{job}} set payload = (select payload from {{job}} where id = '{a.Id}') where id = '{b.Id}'");
        await StartWorkerAsync(w => w.Concurrency = 2, o =>
        {
            Register(o);
            o.Payloads.Encryption.AddAesKey("a1", AesKey);
            o.OnEvent(e => { if (e.Type == JobEventTypes.TaskFailed) _failed.Enqueue(e); });
        });
        Assert.Equal("secret 1 for alice", await a.GetAsync<string>(Wait));
        Assert.Contains("another job", (await RefusedAsync(b.Id, "DecryptionFailed: ")).Error);
    }
}
