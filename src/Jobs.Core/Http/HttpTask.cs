using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>The built-in webhook task: a job whose arguments (<see cref="HttpRequestArgs"/>) describe an HTTP request that a worker makes.</summary>
public static class HttpTask
{
    /// <summary>The task name, <c>jobs.http</c>: enqueue it from any language with <see cref="HttpRequestArgs"/> JSON.</summary>
    public const string Name = "jobs.http";

    /// <summary>
    /// The name of the <see cref="System.Net.Http.IHttpClientFactory"/> client the task uses; configure it further with
    /// <c>services.AddHttpClient(HttpTask.ClientName)</c> (handlers, proxy). Its primary handler follows no redirects:
    /// keep it that way, the task checks every hop itself.
    /// </summary>
    public const string ClientName = "jobs.http";

    /// <summary>The task's own JSON options for its arguments, results and callbacks, whatever the app's: web defaults, nulls left out.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
