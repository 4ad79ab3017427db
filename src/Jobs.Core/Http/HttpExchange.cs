using System.Net;

namespace Jobs;

/// <summary>
/// Makes one jobs.http request within its timeout (connect, redirects, reading the answer): redirects are followed here,
/// not by the handler, so that every hop's URL is checked against the allow-list before anything is sent to it. A
/// 301/302 turns a POST into a GET and a 303 anything but HEAD into a GET, both without the body; 307/308 keep both. A
/// redirect to another host drops Authorization, Proxy-Authorization and Cookie; one from https to http is refused.
/// Timeouts and transport errors become <see cref="HttpTransportException"/>.
/// </summary>
internal sealed class HttpExchange(HttpClient client, HttpUrlPolicy policy, HttpTaskOptions options, TimeProvider time)
{
    private static readonly HashSet<string> Credentials = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization", "Cookie" };

    public async Task<HttpTaskResult> SendAsync(HttpRequestPlan plan, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(plan.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        var (method, url, body, headers) = (plan.Method, plan.Url, plan.Body, plan.Headers);
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = Build(method, url, headers, body, plan);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                CheckNotRedirectedByHandler(response, url);
                if (plan.FollowRedirects && Next(response, url) is { } next)
                {
                    if (hop >= options.MaxRedirects)
                        throw new HttpStatusException($"{method} {HttpUrls.Redacted(plan.Url)} was redirected more than {options.MaxRedirects} times (the worker's jobs.http MaxRedirects).",
                            (int)response.StatusCode);
                    policy.Check(next, "redirect target");
                    if (url.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
                        throw new HttpUrlRefusedException($"The redirect from {HttpUrls.Redacted(url)} to {HttpUrls.Redacted(next)} is refused: it leaves https for http.");
                    var status = (int)response.StatusCode;
                    if ((status is 301 or 302 && method == HttpMethod.Post) || (status == 303 && method != HttpMethod.Head)) (method, body) = (HttpMethod.Get, null);
                    if (!SameHost(url, next)) headers = [.. headers.Where(h => !Credentials.Contains(h.Key))];
                    url = next;
                    continue;
                }
                return await HttpResponseCapture.ReadAsync(response, url, method, plan.RecordHeaders, options.MaxResponseBodyBytes, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new HttpTransportException($"{method} {HttpUrls.Redacted(url)} timed out after {TimeLimits.Seconds(plan.Timeout)}.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpTransportException($"{method} {HttpUrls.Redacted(url)} failed: {ex.Message}", ex);
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            throw new HttpTransportException($"{method} {HttpUrls.Redacted(url)} failed while reading the answer: {ex.Message}", ex);
        }
    }

    private static HttpRequestMessage Build(HttpMethod method, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[]? body, HttpRequestPlan plan)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = plan.ContentType;
        }
        foreach (var (name, value) in headers)
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content?.Headers.TryAddWithoutValidation(name, value) != true)
                throw new JobArgumentsException($"Arguments for task '{HttpTask.Name}' are invalid: header '{name}' is a body header but the request has no body.");
        return request;
    }

    /// <summary>The next hop of a redirect answer (301, 302, 303, 307, 308 with a Location), or null.</summary>
    private static Uri? Next(HttpResponseMessage response, Uri url)
    {
        if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return null;
        var next = location.IsAbsoluteUri ? location : new Uri(url, location);
        return next.Fragment.Length > 0 ? new UriBuilder(next) { Fragment = "" }.Uri : next;
    }

    /// <summary>
    /// A primary handler configured to follow redirects itself would go to hosts nobody checked: refuse its answer (the
    /// request has gone out, but its result is not used) and say how to fix the client.
    /// </summary>
    private void CheckNotRedirectedByHandler(HttpResponseMessage response, Uri url)
    {
        if (response.RequestMessage?.RequestUri is not { } sent || Uri.Compare(sent, url, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0) return;
        policy.Check(sent, "redirect target");
        throw new HttpUrlRefusedException($"The '{HttpTask.ClientName}' HTTP client followed a redirect to {HttpUrls.Redacted(sent)} by itself: " +
            "its primary handler must not follow redirects (AllowAutoRedirect = false), the task checks each hop.");
    }

    private static bool SameHost(Uri a, Uri b)
        => string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Scheme == b.Scheme;
}
