using Xunit;

namespace Jobs.Cli.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2M", 120_000)]
    [InlineData("90", 90_000)]
    [InlineData("0.25", 250)]
    [InlineData("0", 0)]
    [InlineData(" 45s ", 45_000)]
    [InlineData("00:05:00", 300_000)]
    [InlineData("1.02:03:04", 93_784_000)]
    [InlineData("00:00:01.5", 1_500)]
    public void Parses(string text, long milliseconds)
        => Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Jobs.Cli.DurationParser.Parse(text));

    [Theory]
    [InlineData(300, "300ms")]
    [InlineData(1_000, "1s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(120_000, "2m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(93_784_000, "1d2h3m4s")]
    public void Formats_in_the_units_it_parses(long milliseconds, string text)
    {
        Assert.Equal(text, Jobs.Cli.DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Jobs.Cli.DurationParser.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("s")]
    [InlineData("5x")]
    [InlineData("5 s")]
    [InlineData("-5s")]
    [InlineData("-1")]
    [InlineData("1h-30m")]
    [InlineData("1hh")]
    [InlineData("ten seconds")]
    [InlineData("1e3")]
    [InlineData("99999999999999d")]
    [InlineData("12:99:00")]
    public void Rejects_with_a_message(string text)
    {
        Assert.False(Jobs.Cli.DurationParser.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Contains("duration", Assert.Throws<FormatException>(() => Jobs.Cli.DurationParser.Parse(text)).Message);
    }

    [Theory]
    [InlineData("2030-01-31T12:00:00Z", "2030-01-31T12:00:00+00:00")]
    [InlineData("2030-01-31T12:00:00+02:00", "2030-01-31T10:00:00+00:00")]
    [InlineData("2030-01-31 12:00", "2030-01-31T12:00:00+00:00")]
    public void Parses_iso_8601_times_as_utc_when_no_offset_is_given(string text, string expected)
    {
        Assert.True(Jobs.Cli.TimeParser.TryParse(text, out var value, out _));
        Assert.Equal(DateTimeOffset.Parse(expected), value);
    }

    [Fact]
    public void Rejects_a_time_that_is_not_iso_8601()
    {
        Assert.False(Jobs.Cli.TimeParser.TryParse("next tuesday", out _, out var error));
        Assert.Contains("ISO 8601", error);
    }
}
