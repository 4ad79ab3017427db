using Microsoft.Extensions.DependencyInjection;

namespace Jobs;

/// <summary>Runs one task: reads the JSON arguments, calls the user's code, writes the JSON result.</summary>
internal abstract class TaskHandler(string name)
{
    public string Name { get; } = name;

    /// <summary>The task's default time limits (a job's own override them; the worker's fill in).</summary>
    public TimeLimits Limits { get; init; }

    /// <summary>The task's retry policy and uniqueness (a job's own settings override them).</summary>
    public TaskPolicy Policy { get; init; } = TaskPolicy.None;

    /// <summary>Returns the result as JSON text.</summary>
    public abstract Task<string> InvokeAsync(string argsJson, JobContext context, JobSerializer serializer);
}

/// <summary>A task implemented by an <see cref="IJob{TArgs,TResult}"/> class resolved from the job's DI scope.</summary>
internal sealed class JobClassHandler<TJob, TArgs, TResult>(string name) : TaskHandler(name)
    where TJob : class, IJob<TArgs, TResult>
{
    public override async Task<string> InvokeAsync(string argsJson, JobContext context, JobSerializer serializer)
    {
        var args = serializer.DeserializeArgs<TArgs>(Name, argsJson);
        var job = ActivatorUtilities.GetServiceOrCreateInstance<TJob>(context.Services);
        var result = await job.RunAsync(args, context).ConfigureAwait(false);
        return serializer.SerializeResult(result);
    }
}

/// <summary>A task implemented by a delegate.</summary>
internal sealed class DelegateHandler<TArgs, TResult>(string name, Func<TArgs, JobContext, Task<TResult>> run) : TaskHandler(name)
{
    public override async Task<string> InvokeAsync(string argsJson, JobContext context, JobSerializer serializer)
    {
        var args = serializer.DeserializeArgs<TArgs>(Name, argsJson);
        var result = await run(args, context).ConfigureAwait(false);
        return serializer.SerializeResult(result);
    }
}
