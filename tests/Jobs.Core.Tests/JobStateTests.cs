using Xunit;

namespace Jobs.Core.Tests;

public sealed class JobStateTests
{
    [Fact]
    public void Precedence_follows_celery()
    {
        // Celery: PRECEDENCE = [SUCCESS, FAILURE, None, REVOKED, STARTED, RECEIVED, REJECTED, RETRY, PENDING]
        string[] order = [JobState.Success, JobState.Failure, JobState.Revoked, JobState.Started, JobState.Received, JobState.Rejected, JobState.Retry, JobState.Pending];
        var ranks = order.Select(JobState.Precedence).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.Equal(0, JobState.Precedence(JobState.Success));
        Assert.Equal(2, JobState.Precedence("SOMETHING_ELSE"));
        Assert.Equal(JobState.Precedence(JobState.Pending), JobState.Precedence(JobState.Scheduled));
    }

    [Fact]
    public void Scheduled_maps_to_pending_and_ready_states_are_terminal()
    {
        Assert.Equal(JobState.Pending, JobState.ToCelery(JobState.Scheduled));
        Assert.Equal(JobState.Pending, JobState.ToCelery(null));
        Assert.Equal(JobState.Retry, JobState.ToCelery(JobState.Retry));
        Assert.True(JobState.IsReady(JobState.Success));
        Assert.True(JobState.IsReady(JobState.Revoked));
        Assert.False(JobState.IsReady(JobState.Retry));
        Assert.False(JobState.IsReady(JobState.Scheduled));
    }
}
