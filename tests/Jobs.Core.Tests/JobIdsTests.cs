using Xunit;

namespace Jobs.Core.Tests;

public sealed class JobIdsTests
{
    [Fact]
    public void Ids_are_uuid_v7_and_sort_in_creation_order_even_within_one_millisecond()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => JobIds.Next()).ToList();
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(string.CompareOrdinal(ids[i - 1].ToString(), ids[i].ToString()) < 0, $"{ids[i - 1]} does not sort before {ids[i]} as text");
        }
    }

    [Fact]
    public void The_timestamp_is_the_clock_in_milliseconds()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = JobIds.Next();
        var bytes = id.ToByteArray(bigEndian: true);
        var ms = bytes[..6].Aggregate(0L, (acc, b) => (acc << 8) | b);
        Assert.InRange(ms, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1);
    }
}
