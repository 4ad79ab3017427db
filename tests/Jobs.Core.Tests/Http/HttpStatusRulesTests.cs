using Xunit;

namespace Jobs.Core.Tests.Http;

public sealed class HttpStatusRulesTests
{
    [Fact]
    public void The_default_accepts_2xx_only()
    {
        var r = HttpStatusRules.Parse(null);
        Assert.True(r.IsAccepted(200));
        Assert.True(r.IsAccepted(299));
        Assert.False(r.IsAccepted(302));
        Assert.False(r.IsAccepted(404));
    }

    [Fact]
    public void Codes_classes_and_ranges_combine()
    {
        var r = HttpStatusRules.Parse(["2XX", "404", "300-304"]);
        Assert.All(new[] { 200, 250, 404, 300, 304 }, s => Assert.True(r.IsAccepted(s)));
        Assert.All(new[] { 305, 403, 405, 500 }, s => Assert.False(r.IsAccepted(s)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("6xx")]
    [InlineData("700")]
    [InlineData("300-200")]
    public void Bad_entries_are_argument_errors(string entry)
        => Assert.Contains($"'{entry}'", Assert.Throws<JobArgumentsException>(() => HttpStatusRules.Parse([entry])).Message);

    [Fact]
    public void Retried_statuses_are_408_429_and_5xx()
    {
        Assert.All(new[] { 408, 429, 500, 502, 503, 504 }, s => Assert.True(HttpStatusRules.IsRetryable(s)));
        Assert.All(new[] { 400, 401, 403, 404, 409, 410, 422, 301 }, s => Assert.False(HttpStatusRules.IsRetryable(s)));
    }
}
