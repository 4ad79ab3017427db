using Jobs.Payloads.Security;
using Xunit;

namespace Jobs.Core.Tests.Payloads;

public sealed class SignedTimeTests
{
    private static readonly DateTimeOffset Created = new(2030, 1, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Absolute_times_are_utc_with_milliseconds_relative_ones_are_plus_milliseconds()
    {
        Assert.Equal("2030-01-31T11:00:00.250Z", SignedTime.Of(new DateTimeOffset(2030, 1, 31, 12, 0, 0, 250, TimeSpan.FromHours(1)), null));
        Assert.Equal("+90000", SignedTime.Of(null, TimeSpan.FromSeconds(90)));
        Assert.Equal("", SignedTime.Of(null, null));
    }

    [Fact]
    public void The_rows_time_must_agree_with_the_signed_text()
    {
        var tolerance = TimeSpan.FromSeconds(1);
        Assert.True(SignedTime.Agrees("+60000", Created.AddMinutes(1), Created, tolerance));
        Assert.False(SignedTime.Agrees("+60000", Created.AddMinutes(5), Created, tolerance));
        Assert.True(SignedTime.Agrees("2030-02-01T00:00:00.000Z", new DateTimeOffset(2030, 2, 1, 0, 0, 0, TimeSpan.Zero), Created, tolerance));
        Assert.False(SignedTime.Agrees("2030-02-01T00:00:00.000Z", new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero), Created, tolerance));
        Assert.True(SignedTime.Agrees("", null, Created, tolerance));
        Assert.True(SignedTime.Agrees("", Created, Created, tolerance));
        Assert.False(SignedTime.Agrees("", Created.AddHours(1), Created, tolerance));
        Assert.False(SignedTime.Agrees("+60000", null, Created, tolerance));
        Assert.False(SignedTime.Agrees("+abc", Created, Created, tolerance));
    }
}
