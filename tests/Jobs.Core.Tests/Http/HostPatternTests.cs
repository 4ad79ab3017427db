using Xunit;

namespace Jobs.Core.Tests.Http;

public sealed class HostPatternTests
{
    private static HttpUrlPolicy Policy(params string[] hosts) => HttpUrlPolicy.From(new HttpTaskOptions().AllowHosts(hosts));

    private static bool Allowed(HttpUrlPolicy policy, string url)
    {
        try { policy.Check(url, "URL"); return true; }
        catch (HttpUrlRefusedException) { return false; }
    }

    [Fact]
    public void Exact_names_match_case_insensitively_with_any_port_and_a_trailing_dot()
    {
        var p = Policy("api.example.com");
        Assert.True(Allowed(p, "https://api.example.com/x"));
        Assert.True(Allowed(p, "http://API.Example.COM:8080/x?y=1"));
        Assert.True(Allowed(p, "https://api.example.com./x"));
        Assert.False(Allowed(p, "https://example.com/"));
        Assert.False(Allowed(p, "https://evil-api.example.com/"));
        Assert.False(Allowed(p, "https://api.example.com.evil.net/"));
    }

    [Fact]
    public void A_wildcard_matches_subdomains_at_any_depth_but_not_the_apex()
    {
        var p = Policy("*.example.com");
        Assert.True(Allowed(p, "https://a.example.com/"));
        Assert.True(Allowed(p, "https://a.b.example.com/"));
        Assert.False(Allowed(p, "https://example.com/"));
        Assert.False(Allowed(p, "https://badexample.com/"));
        Assert.False(Allowed(p, "https://example.com.evil.net/"));
    }

    [Fact]
    public void Ip_addresses_match_as_addresses_whatever_their_spelling()
    {
        var p = Policy("127.0.0.1", "::1");
        Assert.True(Allowed(p, "http://127.0.0.1:5000/"));
        Assert.True(Allowed(p, "http://127.1/"));              // Uri normalizes it to 127.0.0.1: the host the request goes to
        Assert.True(Allowed(p, "http://[0:0:0:0:0:0:0:1]/"));
        Assert.False(Allowed(p, "http://127.0.0.2/"));
        Assert.False(Allowed(p, "http://localhost/"));         // a name is not its address
        Assert.False(Allowed(Policy("*.example.com"), "http://10.0.0.1/"));
    }

    [Fact]
    public void International_names_compare_in_their_ascii_form()
    {
        var p = Policy("bücher.example");
        Assert.True(Allowed(p, "https://xn--bcher-kva.example/"));
        Assert.True(Allowed(p, "https://BÜCHER.example/"));
    }

    [Fact]
    public void Nothing_is_allowed_by_default_and_the_error_says_how_to_allow_a_host()
    {
        var ex = Assert.Throws<HttpUrlRefusedException>(() => Policy().Check("https://api.example.com/hook?token=secret", "URL"));
        Assert.Contains("host 'api.example.com' is not in the worker's jobs.http allow-list (empty", ex.Message);
        Assert.Contains("AllowHosts", ex.Message);
        Assert.DoesNotContain("secret", ex.Message); // the query is not repeated in errors
    }

    [Theory]
    [InlineData("ftp://api.example.com/x", "scheme 'ftp' is not allowed")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not allowed")]
    [InlineData("gopher://api.example.com/", "scheme 'gopher' is not allowed")]
    [InlineData("https://user:pw@api.example.com/", "user info")]
    [InlineData("/relative/path", "is not an absolute URL")]
    [InlineData("", "is empty")]
    public void Other_schemes_user_info_and_relative_urls_are_refused(string url, string why)
        => Assert.Contains(why, Assert.Throws<HttpUrlRefusedException>(() => Policy("api.example.com").Check(url, "URL")).Message);

    [Theory]
    [InlineData("*")]
    [InlineData("*.com")]
    [InlineData("api.*.com")]
    [InlineData("https://api.example.com")]
    [InlineData("api.example.com:443")]
    [InlineData("api.example.com/path")]
    [InlineData("")]
    public void Bad_patterns_fail_at_registration(string pattern)
        => Assert.Throws<ArgumentException>(() => new HttpTaskOptions().AllowHosts(pattern));
}
