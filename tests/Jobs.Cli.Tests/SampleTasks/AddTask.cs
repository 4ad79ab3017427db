using Jobs;

namespace Jobs.Cli.SampleTasks;

public sealed record AddArgs(int A, int B);

/// <summary>Registered by scanning (<c>-A</c>) under the name <c>sample.add</c>.</summary>
[JobTask("sample.add")]
public sealed class AddTask : IJob<AddArgs, int>
{
    public Task<int> RunAsync(AddArgs args, JobContext context) => Task.FromResult(args.A + args.B);
}
