namespace Jobs;

/// <summary>
/// Code around every attempt a worker runs (logging scopes, tenancy, metrics): call <c>next</c> to run the
/// rest of the pipeline and the task; an exception thrown here counts as the task's. Registered with
/// <see cref="JobsOptions.UseMiddleware{T}"/>, resolved from the attempt's DI scope; the first registered is outermost.
/// </summary>
public interface IJobMiddleware
{
    /// <summary>Runs around one attempt.</summary>
    Task InvokeAsync(JobContext context, Func<Task> next);
}
