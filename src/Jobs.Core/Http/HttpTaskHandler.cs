using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs;

/// <summary>
/// Runs a jobs.http job: reads its <see cref="HttpRequestArgs"/> (the task's own JSON options), checks them and their
/// URLs, makes the request, and ends the attempt: SUCCESS with a <see cref="HttpTaskResult"/> on an accepted status; a
/// retry (<see cref="JobContext.Retry"/>, after the answer's Retry-After or the job's backoff) on a timeout, a transport
/// error, 408, 429 or 5xx; FAILURE at once on bad arguments, a refused URL or any other status. The task's retry-for
/// list is empty, so nothing else is retried. After the job's final attempt the outcome is POSTed, signed, to its
/// callback URL, if it names one.
/// </summary>
internal sealed class HttpTaskHandler(HttpTaskOptions options, JobsOptions jobs) : TaskHandler(HttpTask.Name)
{
    private readonly HttpUrlPolicy _policy = HttpUrlPolicy.From(options);

    public override async Task<string> InvokeAsync(string argsJson, JobContext context, JobSerializer serializer)
    {
        var args = ReadArgs(argsJson);
        var callback = args.CallbackUrl is null ? null : CallbackUrl(args.CallbackUrl);
        var client = (context.Services.GetService<IHttpClientFactory>()
            ?? throw new InvalidOperationException("jobs.http needs IHttpClientFactory; register the task with AddHttpTask.")).CreateClient(HttpTask.ClientName);

        HttpTaskResult? result = null;
        Exception? failure;
        TimeSpan? countdown = null;
        try
        {
            var plan = HttpRequestPlan.From(args, options, _policy);
            result = await new HttpExchange(client, _policy, options, jobs.TimeProvider).SendAsync(plan, context.CancellationToken).ConfigureAwait(false);
            failure = plan.Accept.IsAccepted(result.Status) ? null : StatusFailure(plan, result, out countdown);
        }
        catch (Exception ex) when (ex is JobArgumentsException or HttpUrlRefusedException or HttpTransportException or HttpStatusException)
        {
            failure = ex;
        }

        var retry = failure is HttpTransportException || failure is HttpStatusException s && HttpStatusRules.IsRetryable(s.Status);
        if (callback is not null && (failure is null || !retry || context.Attempt >= context.MaxAttempts))
        {
            var payload = new HttpCallbackPayload
            {
                JobId = context.Id, Attempt = context.Attempt, State = failure is null ? JobState.Success : JobState.Failure, Result = result,
                Error = failure is null ? null : $"{failure.GetType().Name}: {failure.Message}",
            };
            var report = await new HttpCallbackSender(client, options, jobs.TimeProvider, Logger(context))
                .SendAsync(callback, payload, context.CancellationToken).ConfigureAwait(false);
            if (result is not null) result = result with { Callback = report };
        }
        if (failure is null) return JsonSerializer.Serialize(result, HttpTask.Json);
        if (retry) throw context.Retry(countdown, failure);
        throw failure;
    }

    private static HttpRequestArgs ReadArgs(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<HttpRequestArgs>(json, HttpTask.Json)
                ?? throw new JobArgumentsException($"Arguments for task '{HttpTask.Name}' must be a JSON object with at least a 'url', not null.");
        }
        catch (JsonException ex)
        {
            throw new JobArgumentsException($"Arguments for task '{HttpTask.Name}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>The callback URL, checked before the request is made: a job whose callback cannot be sent does nothing.</summary>
    private Uri CallbackUrl(string url)
    {
        if (options.CallbackKey is null)
            throw new HttpUrlRefusedException($"The job names a callback URL but the worker's jobs.http has no CallbackKey to sign it with (AddHttpTask(o => o.CallbackKey = ...)).");
        return _policy.Check(url, "callback URL");
    }

    /// <summary>The failure for a status the job does not accept; for 429 and 503 with a Retry-After, the countdown it asks for (at most MaxRetryAfter).</summary>
    private HttpStatusException StatusFailure(HttpRequestPlan plan, HttpTaskResult result, out TimeSpan? countdown)
    {
        countdown = result.Status is 429 or 503 && result.Headers.TryGetValue("retry-after", out var after) ? RetryAfter(after) : null;
        var snippet = result.Body is { Length: > 0 } b ? $" Body: {(b.Length <= 200 ? b : b[..200] + "…")}" : "";
        var why = HttpStatusRules.IsRetryable(result.Status) ? "retried while retries remain" : "not retried: the request itself is refused";
        return new HttpStatusException(
            $"{plan.Method} {HttpUrls.Redacted(new Uri(result.Url))} answered {result.Status} {result.Reason} (accepted: {plan.Accept.Text}; {why}).{snippet}", result.Status);
    }

    private TimeSpan? RetryAfter(string value)
    {
        TimeSpan? wait = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds)
            : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at - jobs.TimeProvider.GetUtcNow()
            : null;
        if (wait is not { } w) return null;
        return w < TimeSpan.Zero ? TimeSpan.Zero : w > options.MaxRetryAfter ? options.MaxRetryAfter : w;
    }

    private static ILogger Logger(JobContext context)
        => context.Services.GetService<ILoggerFactory>()?.CreateLogger("Jobs.HttpTask") ?? NullLogger.Instance;
}
