using Jobs.Worker;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(10, 60000)]
    public void Backoff_doubles_per_attempt_up_to_the_maximum(int attempt, int expectedMs)
        => Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryBackoff.Compute(attempt, 1000, 60000, jitter: false));

    [Fact]
    public void Jitter_stays_in_the_upper_half_of_the_delay()
    {
        var delays = Enumerable.Range(0, 200).Select(_ => RetryBackoff.Compute(3, 1000, 60000, jitter: true).TotalMilliseconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, 2000, 4000));
        Assert.True(delays.Distinct().Count() > 50, "jitter varies the delay");
    }

    [Fact]
    public void Huge_attempt_numbers_do_not_overflow()
        => Assert.Equal(TimeSpan.FromMinutes(10), RetryBackoff.Compute(int.MaxValue, 1000, 600000, jitter: false));
}
