using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs;

/// <summary>Registers the built-in webhook task <c>jobs.http</c> on a worker (opt-in).</summary>
public static class HttpTaskRegistration
{
    /// <summary>
    /// Lets this host's workers run <c>jobs.http</c> jobs (<see cref="HttpRequestArgs"/>): requests to the hosts
    /// <paramref name="configure"/> allows (<see cref="HttpTaskOptions.AllowHosts"/>; none by default), through the
    /// <see cref="IHttpClientFactory"/> client <see cref="HttpTask.ClientName"/>. <paramref name="task"/> sets the task's
    /// defaults (max retries, backoff, limits) as for <c>AddTask</c>; its RetryFor is the task's own (only timeouts,
    /// transport errors, 408, 429 and 5xx are retried).
    /// </summary>
    public static JobsOptions AddHttpTask(this JobsOptions jobs, Action<HttpTaskOptions> configure, Action<TaskOptions>? task = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new HttpTaskOptions();
        configure(options);
        options.Validate();
        var (limits, declared, policy) = TaskOptions.Build(HttpTask.Name, t => { task?.Invoke(t); t.RetryFor = []; });
        jobs.Tasks.Add(new HttpTaskHandler(options, jobs) { Limits = limits, Policy = policy });
        jobs.Declare(declared);
        jobs.ServiceRegistrations.Add(services => services.AddHttpClient(HttpTask.ClientName)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan) // the task's own timeout applies
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // every hop is checked against the allow-list by the task
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            }));
        return jobs;
    }
}
