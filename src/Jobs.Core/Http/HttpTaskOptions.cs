namespace Jobs;

/// <summary>
/// Settings of the built-in webhook task <c>jobs.http</c> on a worker (see <see cref="HttpTaskRegistration.AddHttpTask"/>).
/// No host is allowed until <see cref="AllowHosts"/> names it, so a job cannot make the worker request any URL it likes.
/// </summary>
public sealed class HttpTaskOptions
{
    private readonly List<string> _hosts = [];

    /// <summary>The host patterns added with <see cref="AllowHosts"/>, as given.</summary>
    public IReadOnlyList<string> AllowedHosts => _hosts;

    /// <summary>
    /// Allows requests (and redirects, and callbacks) to these hosts: an exact name (<c>api.example.com</c>), an IP
    /// address (<c>127.0.0.1</c>, <c>::1</c>), or <c>*.example.com</c> for every subdomain of example.com at any depth
    /// (not example.com itself). Any port; http and https only. Names compare case-insensitively, in their ASCII (IDN) form.
    /// </summary>
    public HttpTaskOptions AllowHosts(params string[] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var p in patterns)
        {
            HostPattern.Parse(p); // throws a clear error for a bad pattern now, at registration
            _hosts.Add(p);
        }
        return this;
    }

    /// <summary>
    /// The secret that signs callbacks (HMAC-SHA256 over its UTF-8 bytes, see <see cref="HttpCallbackSignature"/>). A job
    /// naming a <c>callbackUrl</c> fails at once when it is not set: callbacks are never sent unsigned.
    /// </summary>
    public string? CallbackKey { get; set; }

    /// <summary>A request's timeout when its job names none (<c>timeout</c>). Default 30 seconds.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>The longest timeout a job may ask for. Default 5 minutes.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>The response body kept in the result; past it the body is cut and <c>bodyTruncated</c> is true. Default 64 KiB.</summary>
    public int MaxResponseBodyBytes { get; set; } = 64 * 1024;
    /// <summary>Redirects followed per request (each hop checked against the allow-list). Default 5.</summary>
    public int MaxRedirects { get; set; } = 5;
    /// <summary>The longest <c>Retry-After</c> honoured on a 429 or 503 answer; a longer one is cut to it. Default 5 minutes.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Timeout of one callback POST. Default 10 seconds.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Tries of a callback within the attempt (after 1 s, 2 s, ...) while it fails with a connection error, a timeout, 408, 429 or 5xx. Default 3.</summary>
    public int CallbackAttempts { get; set; } = 3;

    internal void Validate()
    {
        if (DefaultTimeout <= TimeSpan.Zero || MaxTimeout <= TimeSpan.Zero || CallbackTimeout <= TimeSpan.Zero)
            throw new ArgumentException("The jobs.http timeouts (DefaultTimeout, MaxTimeout, CallbackTimeout) must be positive.");
        if (DefaultTimeout > MaxTimeout)
            throw new ArgumentException($"The jobs.http DefaultTimeout ({DefaultTimeout}) must not exceed MaxTimeout ({MaxTimeout}).");
        if (MaxResponseBodyBytes < 0) throw new ArgumentException("The jobs.http MaxResponseBodyBytes must not be negative.");
        if (MaxRedirects < 0) throw new ArgumentException("The jobs.http MaxRedirects must not be negative.");
        if (MaxRetryAfter < TimeSpan.Zero) throw new ArgumentException("The jobs.http MaxRetryAfter must not be negative.");
        if (CallbackAttempts < 1) throw new ArgumentException("The jobs.http CallbackAttempts must be at least 1.");
        if (CallbackKey is { Length: 0 }) throw new ArgumentException("The jobs.http CallbackKey must not be empty (leave it null to refuse callbacks).");
    }
}
