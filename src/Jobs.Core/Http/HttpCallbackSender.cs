using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Jobs;

/// <summary>
/// POSTs a <see cref="HttpCallbackPayload"/> to a job's callback URL, signed (<see cref="HttpCallbackSignature"/>) with a
/// fresh timestamp on each try. Tries up to <see cref="HttpTaskOptions.CallbackAttempts"/> times (1 s, 2 s, ... apart)
/// on a transport error, a timeout, 408, 429 or 5xx; follows no redirect. Never throws for a failed delivery: the
/// report says what happened (the job's own outcome does not depend on it).
/// </summary>
internal sealed class HttpCallbackSender(HttpClient client, HttpTaskOptions options, TimeProvider time, ILogger log)
{
    public async Task<HttpCallbackReport> SendAsync(Uri url, HttpCallbackPayload payload, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, HttpTask.Json);
        int? status = null;
        string? error = null;
        for (var attempt = 1; ; attempt++)
        {
            var retry = false;
            using (var timer = new CancellationTokenSource(options.CallbackTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token))
            {
                try
                {
                    using var request = Build(url, body);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                    status = (int)response.StatusCode;
                    if (status is >= 200 and <= 299)
                        return new HttpCallbackReport { Url = url.AbsoluteUri, Status = status, Delivered = true, Attempts = attempt };
                    error = $"callback {HttpUrls.Redacted(url)} answered {status} {response.ReasonPhrase}";
                    retry = HttpStatusRules.IsRetryable(status.Value);
                }
                catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    (status, error, retry) = (null, $"callback {HttpUrls.Redacted(url)} timed out after {TimeLimits.Seconds(options.CallbackTimeout)}", true);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !ct.IsCancellationRequested)
                {
                    (status, error, retry) = (null, $"callback {HttpUrls.Redacted(url)} failed: {ex.Message}", true);
                }
            }
            if (!retry || attempt >= options.CallbackAttempts)
            {
                log.LogWarning("jobs.http job {Id}: the callback was not delivered after {Attempts} tries: {Error}", payload.JobId, attempt, error);
                return new HttpCallbackReport { Url = url.AbsoluteUri, Status = status, Delivered = false, Attempts = attempt, Error = error };
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), time, ct).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Build(Uri url, byte[] body)
    {
        var timestamp = HttpCallbackSignature.Timestamp(time.GetUtcNow());
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(HttpCallbackSignature.TimestampHeader, timestamp);
        request.Headers.Add(HttpCallbackSignature.SignatureHeader, HttpCallbackSignature.Compute(options.CallbackKey!, timestamp, body));
        return request;
    }
}
