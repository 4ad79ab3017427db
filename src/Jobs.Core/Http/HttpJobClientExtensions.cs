namespace Jobs;

/// <summary>Enqueues the built-in webhook task <c>jobs.http</c> from .NET.</summary>
public static class HttpJobClientExtensions
{
    /// <summary>Enqueues a <c>jobs.http</c> job: a worker that registered <c>AddHttpTask</c> makes the request <paramref name="request"/> describes.</summary>
    public static Task<AsyncResult> EnqueueHttpAsync(this IJobClient client, HttpRequestArgs request, EnqueueOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return client.EnqueueAsync(HttpTask.Name, request, options, cancellationToken);
    }

    /// <summary>A <c>jobs.http</c> step for a workflow (chain, group, chord); immutable, so a chain does not replace its request by the previous result.</summary>
    public static Signature Signature(this HttpRequestArgs request, EnqueueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Signature(HttpTask.Name, request, options).Immutable();
    }
}
