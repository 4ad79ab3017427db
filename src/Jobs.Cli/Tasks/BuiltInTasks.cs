using System.Text.Json;

namespace Jobs.Cli.Tasks;

/// <summary>The tasks every <c>jobs</c> process knows: <c>jobs.echo</c>, <c>jobs.sleep</c> and <c>jobs.fail</c>.</summary>
internal static class BuiltInTasks
{
    public const string Echo = "jobs.echo";
    public const string Sleep = "jobs.sleep";
    public const string Fail = "jobs.fail";

    public static void Register(JobsOptions options)
    {
        // Returns its arguments as given.
        options.AddTask<JsonElement, JsonElement>(Echo, (args, _) => Task.FromResult(args));

        // {"seconds": n}: waits n seconds, cancelled with the job (revoke, shutdown past the grace period).
        options.AddTask<SleepArgs?, SleepArgs>(Sleep, async (args, context) =>
        {
            var seconds = args?.Seconds ?? 0;
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
                throw new ArgumentOutOfRangeException(nameof(args), seconds, "jobs.sleep needs {\"seconds\": n} with n >= 0.");
            await Task.Delay(TimeSpan.FromSeconds(seconds), context.CancellationToken).ConfigureAwait(false);
            return new SleepArgs(seconds);
        });

        // {"message": "..."}: always throws, so the job retries and then fails with that message.
        options.AddTask<FailArgs?, JsonElement>(Fail, (args, _) =>
            throw new TaskFailedException(args?.Message ?? "jobs.fail failed as asked"));
    }

    public static IEnumerable<string> Names => [Echo, Fail, Sleep];
}

/// <summary>Arguments (and result) of <c>jobs.sleep</c>.</summary>
internal sealed record SleepArgs(double Seconds);

/// <summary>Arguments of <c>jobs.fail</c>.</summary>
internal sealed record FailArgs(string? Message);

/// <summary>What <c>jobs.fail</c> throws; recorded as <c>TaskFailedException: message</c>.</summary>
internal sealed class TaskFailedException(string message) : Exception(message);
