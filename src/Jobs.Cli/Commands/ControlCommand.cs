using System.CommandLine;
using System.Text.Json.Nodes;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs control revoke ID... [--terminate] | rate-limit TASK RATE | pool-grow N | pool-shrink N | add-consumer QUEUE |
/// cancel-consumer QUEUE | shutdown</c> with <c>--worker</c>, <c>--timeout</c>, <c>--json</c>: Celery's remote control.
/// Prints the workers' replies; no reply is exit <see cref="ExitCodes.NoReply"/> (except for revoke and rate-limit, which
/// are stored in the database first), an error reply exit <see cref="ExitCodes.WorkerError"/>.
/// </summary>
internal static class ControlCommand
{
    public static Command Create(GlobalOptions globals)
        => new("control", "Tell running workers to change what they do (remote control).")
        {
            Revoke(globals),
            RateLimit(globals),
            Simple(globals, ControlCommands.PoolGrow, "Add N slots to each worker's pool (concurrency).", Count()),
            Simple(globals, ControlCommands.PoolShrink, "Remove N slots from each worker's pool (running jobs finish first).", Count()),
            Simple(globals, ControlCommands.AddConsumer, "Make the workers consume a queue as well.", Queue()),
            Simple(globals, ControlCommands.CancelConsumer, "Make the workers stop consuming a queue (running jobs finish).", Queue()),
            Simple(globals, ControlCommands.Shutdown, "Shut the workers down gracefully (as SIGTERM: running jobs may finish).", null),
        };

    private static Argument<int> Count() => new("N")
    {
        Description = "How many slots (at least 1).",
        CustomParser = r =>
        {
            var text = r.Tokens.Single().Value;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
            r.AddError($"N: '{text}' is not a whole number of at least 1");
            return 0;
        },
    };

    private static Argument<string> Queue() => new("QUEUE") { Description = "The queue's name." };

    /// <summary>A command whose arguments are at most one value (n or queue) and whose replies are only shown.</summary>
    private static Command Simple(GlobalOptions globals, string name, string description, Argument? argument)
    {
        var broadcast = new Broadcast();
        var command = new Command(name, description);
        if (argument is not null) command.Add(argument);
        broadcast.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            object arguments = argument switch
            {
                Argument<int> n => new { n = ctx.Get(n) },
                Argument<string> queue => new { queue = ctx.Get(queue) },
                _ => new { },
            };
            await using var session = ctx.OpenSession();
            var replies = await broadcast.SendAsync(ctx, session, name, arguments, ct);
            if (replies.Count == 0) return broadcast.NoReply(ctx);
            if (ctx.Json) JsonOutput.Write(Broadcast.ByWorker(replies));
            else Broadcast.WriteTable(replies);
            return Broadcast.Outcome(replies);
        });
    }

    private static Command Revoke(GlobalOptions globals)
    {
        var ids = CliOptions.JobIds("The jobs to revoke.");
        var terminate = new Option<bool>("--terminate")
        {
            Description = "Kill the process running the job (process pool); other pools cancel it at once, cooperatively.",
        };
        var broadcast = new Broadcast();
        var command = new Command("revoke", "Revoke jobs: waiting ones never run, running ones are cancelled now by their workers.") { ids, terminate };
        broadcast.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var wanted = ctx.Get(ids)!;
            var kill = ctx.Get(terminate);
            await using var session = ctx.OpenSession();
            var before = (await session.Client.GetJobsAsync(wanted, ct)).ToDictionary(j => j.Id);
            var unknown = wanted.Where(id => !before.ContainsKey(id)).ToList();
            if (unknown.Count > 0) throw CliException.Usage($"no job with id {string.Join(", ", unknown)}");

            var (revoked, replies) = await session.Control.RevokeAsync(wanted, kill, ctx.Get(broadcast.Worker), broadcast.TimeoutOf(ctx), ct);
            IReadOnlyList<JobInfo> after = revoked.Count == wanted.Length ? [] : await session.Client.GetJobsAsync(wanted.Except(revoked).ToList(), ct);
            if (ctx.Json)
            {
                JsonOutput.Write(new
                {
                    revoked,
                    notRevoked = after.Select(j => new { id = j.Id, state = j.State }),
                    replies = Broadcast.ByWorker(replies),
                });
            }
            else
            {
                foreach (var id in revoked) Terminal.Line($"revoked {id}{(kill ? " (terminate)" : "")}");
                foreach (var j in after)
                    Terminal.Line(j.State == JobState.Revoked ? $"{j.Id} was already revoked" : $"{j.Id} already finished ({j.State}); not revoked");
                if (replies.Count > 0) Broadcast.WriteTable(replies);
                else if (revoked.Count > 0)
                    Terminal.Line($"no workers replied within {DurationParser.Format(broadcast.TimeoutOf(ctx))}; the revoke is stored in the database");
            }
            if (revoked.Count == 0 && after.Any(j => j.State != JobState.Revoked))
                throw CliException.Usage("nothing to revoke: the jobs already finished");
            return Broadcast.Outcome(replies);
        });
    }

    private static Command RateLimit(GlobalOptions globals)
    {
        var task = new Argument<string>("TASK") { Description = "The task." };
        var rate = new Argument<string>("RATE") { Description = "The rate: 10/s, 100/m or 1000/h; none (or 0) clears the limit." };
        var burst = new Option<double?>("--burst") { Description = "The bucket's capacity (jobs that may start at once). Default: one second's worth, at least 1." };
        var broadcast = new Broadcast();
        var command = new Command("rate-limit",
            "Set a task's rate limit, as jobs ratelimit set does (stored, shared by all workers), and tell the workers to apply it at once.")
            { task, rate, burst };
        broadcast.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var name = ctx.Get(task)!;
            var text = ctx.Get(rate)!.Trim();
            var clear = text.Equals("none", StringComparison.OrdinalIgnoreCase) || text == "0";
            RateLimit? limit = clear ? null : RateLimitCommand.Parse(text, ctx.Get(burst));
            await using var session = ctx.OpenSession();
            if (limit is null) await RateLimitCommand.ClearAsync(session, LimitScope.Task, name, ct);
            else await RateLimitCommand.StoreAsync(session, LimitScope.Task, name, limit.Value, ct);
            var replies = await broadcast.SendAsync(ctx, session, ControlCommands.RateLimit, new { task = name, rate = limit?.ToString() }, ct);
            if (ctx.Json)
            {
                var json = JsonNodeOf(limit is null ? RateLimitCommand.ClearedJson(LimitScope.Task, name) : RateLimitCommand.SetJson(LimitScope.Task, name, limit.Value));
                json["replies"] = Broadcast.ByWorker(replies);
                JsonOutput.Write(json);
            }
            else
            {
                Terminal.Line(limit is null ? RateLimitCommand.ClearedLine(LimitScope.Task, name) : RateLimitCommand.SetLine(LimitScope.Task, name, limit.Value));
                if (replies.Count > 0) Broadcast.WriteTable(replies);
                else Terminal.Line($"no workers replied within {DurationParser.Format(broadcast.TimeoutOf(ctx))}; the limit is stored and applies to every worker's next claim");
            }
            return Broadcast.Outcome(replies);
        });
    }

    private static JsonObject JsonNodeOf(object value)
        => (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(value, JsonOutput.Options)!;
}
