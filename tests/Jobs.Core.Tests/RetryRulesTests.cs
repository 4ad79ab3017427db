using Xunit;

namespace Jobs.Core.Tests;

public sealed class RetryRulesTests
{
    private sealed class SlowException(string m) : TimeoutException(m);

    [Fact]
    public void Job_names_match_the_exception_type_or_a_base_type_by_short_or_full_name()
    {
        var ex = new SlowException("x");
        Assert.True(RetryRules.IsRetryable(ex, ["TimeoutException"], null));
        Assert.True(RetryRules.IsRetryable(ex, ["System.SystemException"], null));
        Assert.True(RetryRules.IsRetryable(ex, ["SlowException"], [typeof(ArgumentException)])); // the job's names win
        Assert.False(RetryRules.IsRetryable(ex, ["ArgumentException"], [typeof(TimeoutException)]));
        Assert.False(RetryRules.IsRetryable(ex, [], null));
    }

    [Fact]
    public void Task_types_match_subclasses_and_no_list_retries_everything()
    {
        Assert.True(RetryRules.IsRetryable(new SlowException("x"), null, [typeof(TimeoutException)]));
        Assert.False(RetryRules.IsRetryable(new InvalidOperationException("x"), null, [typeof(TimeoutException)]));
        Assert.True(RetryRules.IsRetryable(new InvalidOperationException("x"), null, null));
    }

    [Fact]
    public void A_fixed_countdown_is_stored_as_equal_base_and_max_and_is_never_jittered()
    {
        var defaults = new JobsOptions();
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)),
            RetryRules.Backoff(new EnqueueOptions { RetryCountdown = TimeSpan.FromSeconds(5) }, TaskPolicy.None, defaults));
        var task = new TaskPolicy { RetryCountdown = TimeSpan.FromSeconds(3) };
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)), RetryRules.Backoff(new EnqueueOptions(), task, defaults));
        Assert.Equal((TimeSpan.FromSeconds(1), defaults.DefaultRetryBackoffMax),
            RetryRules.Backoff(new EnqueueOptions { RetryBackoff = TimeSpan.FromSeconds(1) }, task, defaults)); // the job's backoff wins
        Assert.All(Enumerable.Range(1, 20), n => Assert.Equal(TimeSpan.FromSeconds(5), Worker.RetryBackoff.Compute(n, 5000, 5000, jitter: true)));
        Assert.Throws<ArgumentException>(() => RetryRules.Validate(null, TimeSpan.FromSeconds(1), null, TimeSpan.FromSeconds(1), "x"));
    }
}
