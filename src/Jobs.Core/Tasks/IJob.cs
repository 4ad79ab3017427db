namespace Jobs;

/// <summary>A task handler with typed JSON arguments and result, resolved from DI (scoped per job).</summary>
public interface IJob<in TArgs, TResult>
{
    /// <summary>Runs one attempt. Throw to fail (the job is retried while attempts remain).</summary>
    Task<TResult> RunAsync(TArgs args, JobContext context);
}
