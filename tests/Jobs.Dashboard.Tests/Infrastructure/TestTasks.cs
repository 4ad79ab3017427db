namespace Jobs.Dashboard.Tests.Infrastructure;

public sealed record EchoArgs(string Customer, int N, string? Secret = null);

/// <summary>The tasks the test hosts run: echo returns its arguments; flaky fails while its switch is on.</summary>
public sealed class TestTasks
{
    public const string Echo = "test.echo";
    public const string Flaky = "test.flaky";

    /// <summary>While true, <see cref="Flaky"/> jobs fail.</summary>
    public volatile bool Failing = true;

    public void Register(JobsOptions options)
    {
        options.AddTask<EchoArgs, EchoArgs>(Echo, (args, _) => Task.FromResult(args));
        options.AddTask<EchoArgs, EchoArgs>(Flaky, (args, _) => Failing
            ? throw new InvalidOperationException($"flaky failed for {args.Customer}") : Task.FromResult(args));
    }
}
