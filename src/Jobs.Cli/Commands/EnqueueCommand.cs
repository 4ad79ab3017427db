using System.CommandLine;
using System.Text.Json;
using Jobs.Cli.Keys;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs enqueue TASK [--args JSON] ...</c>: enqueues a job (or N copies in bulk) and prints its id (or the count). A
/// unique job's duplicate prints the existing job's id.
/// </summary>
internal static class EnqueueCommand
{
    private const int BatchSize = 10_000;

    public static Command Create(GlobalOptions globals)
    {
        var task = new Argument<string>("TASK") { Description = "The task name, e.g. jobs.echo (built-in) or one from an -A assembly." };
        var args = new Option<string?>("--args") { Description = "The arguments as JSON, e.g. '{\"x\": 1}'. Default: {}.", HelpName = "json" };
        var queue = new Option<string?>("--queue", "-Q") { Description = "The queue. Default: default." };
        var priority = CliOptions.OptionalInteger("--priority", "Higher runs first. Default: 0.", short.MinValue, short.MaxValue);
        var countdown = CliOptions.Duration("--countdown", "Run no sooner than this long from now");
        var eta = CliOptions.Time("--eta", "Run no sooner than this time");
        var expires = CliOptions.Duration("--expires", "Revoke the job if it has not started this long from now");
        var softLimit = CliOptions.Duration("--soft-time-limit", "Cancel the job's token after this long (the task may catch it)");
        var hardLimit = CliOptions.Duration("--time-limit", "Fail the job (TimeLimitExceeded) after this long");
        var maxRetries = CliOptions.OptionalInteger("--max-retries", "Retries after the first attempt. Default: 3.", 0, int.MaxValue - 1);
        var retryFor = new Option<string?>("--retry-for")
        {
            Description = "Retry only these exception types (names, comma-separated; base types match too); others fail at once.", HelpName = "types",
        };
        var unique = new Option<bool>("--unique") { Description = "Unique job: a duplicate (same task and arguments) returns the existing job's id." };
        var uniqueKey = new Option<string?>("--unique-key") { Description = "Unique job with this key instead of the task and arguments.", HelpName = "key" };
        var uniqueFor = CliOptions.Duration("--unique-for", "Unique job for this long from its creation (default: while it waits or runs)");
        var codec = new Option<string?>("--codec") { Description = "The payload's wire format: json, msgpack or yaml. Default: the task's, else json.", HelpName = "codec" };
        codec.AcceptOnlyFromAmong("json", "msgpack", "yaml");
        var compression = new Option<string?>("--compression")
        {
            Description = "Compress the payload above the threshold (1 KiB): none, gzip, zlib, br or bzip2. Default: the task's, else none.", HelpName = "name",
        };
        compression.AcceptOnlyFromAmong("none", "gzip", "zlib", "br", "bzip2");
        var count = CliOptions.Integer("--count", "Enqueue this many copies in bulk and print the count.", 1, min: 1);
        var assemblies = CliOptions.Assemblies();
        var events = new Option<bool>("--events")
        {
            Description = $"Store a task-sent event for each job (for jobs events and jobs top). Default: ${JobsSession.EventsVariable}=1.",
        };
        var command = new Command("enqueue", "Enqueue a job and print its id.")
        {
            task, args, queue, priority, countdown, eta, expires, softLimit, hardLimit, maxRetries, retryFor, unique, uniqueKey, uniqueFor, codec, compression, count, assemblies, events,
        };
        var keys = new KeyOptions(worker: false);
        keys.AddTo(command);
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt the job's arguments and result with AES-256-GCM (needs --encryption-key)." };
        command.Add(encrypt);
        command.Validators.Add(r =>
        {
            if (r.GetResult(countdown) is not null && r.GetResult(eta) is not null) r.AddError("give either --countdown or --eta, not both");
        });
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var argsJson = ValidateJson(ctx.Get(args));
            var options = new EnqueueOptions
            {
                Queue = ctx.Get(queue), Priority = (short?)ctx.Get(priority), Countdown = ctx.Get(countdown), Eta = ctx.Get(eta),
                Expires = ctx.Get(expires), MaxRetries = (int?)ctx.Get(maxRetries),
                SoftTimeLimit = ctx.Get(softLimit), TimeLimit = ctx.Get(hardLimit),
                RetryFor = ctx.Get(retryFor)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Encrypt = ctx.Get(encrypt) ? true : null,
                Unique = ctx.Get(unique) || ctx.Get(uniqueKey) is not null || ctx.Get(uniqueFor) is not null
                    ? new UniqueOptions { Key = ctx.Get(uniqueKey), Period = ctx.Get(uniqueFor) }
                    : null,
                Codec = ctx.Get(codec) is { } c ? Payloads.ContentTypes.ParseCodec(c) : null,
                Compression = ctx.Get(compression) is { } z ? Payloads.ContentTypes.ParseCompression(z) : null,
            };
            var sendEvents = ctx.Get(events);
            var keySettings = keys.Resolve(ctx);
            if (ctx.Get(encrypt) && !keySettings.HasEncryptionKey)
                throw CliException.Usage($"--encrypt needs an AES key: give --encryption-key FILE or ${KeyOptions.EncryptionVariable} (jobs keys generate --type aes)");
            await using var session = ctx.OpenSession(ctx.Get(assemblies), o =>
            {
                if (sendEvents) o.Monitoring.SendTaskSentEvents = true;
                keySettings.Apply(o);
            });
            var name = ctx.Get(task)!;
            EnsureKnown(session, name);
            var n = ctx.Get(count);
            if (n == 1)
            {
                var job = await session.Client.EnqueueAsync(name, argsJson, options, ct);
                if (ctx.Json) JsonOutput.Write(new { id = job.Id });
                else Terminal.Line(job.Id.ToString());
                return ExitCodes.Success;
            }
            for (var done = 0; done < n; done += BatchSize)
                await session.Client.EnqueueManyAsync(Enumerable.Range(0, Math.Min(BatchSize, n - done)).Select(_ => new JobRequest(name, argsJson, options)), ct);
            if (ctx.Json) JsonOutput.Write(new { count = n });
            else Terminal.Line(n.ToString());
            return ExitCodes.Success;
        });
    }

    internal static string ValidateJson(string? json)
    {
        if (json is null) return "{}";
        try
        {
            using var _ = JsonDocument.Parse(json);
            return json;
        }
        catch (JsonException ex)
        {
            throw CliException.Usage($"--args is not valid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')}): {json}");
        }
    }

    internal static void EnsureKnown(JobsSession session, string task)
    {
        JobNames.ValidateTask(task);
        if (session.Options.Tasks.IsKnown(task)) return;
        throw CliException.Usage(
            $"unknown task '{task}'; known tasks: {string.Join(", ", session.Options.Tasks.Names)}. " +
            "Load the assembly that defines it with -A path/to/Tasks.dll (its [JobTask(\"name\")] classes become known)");
    }
}
