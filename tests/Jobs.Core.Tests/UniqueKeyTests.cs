using Xunit;

namespace Jobs.Core.Tests;

public sealed class UniqueKeyTests
{
    [Fact]
    public void Canonical_json_sorts_keys_at_every_depth_and_drops_whitespace()
        => Assert.Equal("""{"a":[1,{"c":3,"d":4}],"b":{"x":null,"y":"\u00E9"}}""",
            UniqueKey.Canonical("""{ "b": {"y": "é", "x": null}, "a": [1, {"d": 4, "c": 3}] }"""));

    [Fact]
    public void The_default_key_is_the_task_and_a_hash_of_the_canonical_arguments()
    {
        var a = UniqueKey.For("t", """{"a":1,"b":2}""", new UniqueOptions());
        Assert.Equal(a, UniqueKey.For("t", """{ "b": 2, "a": 1 }""", new UniqueOptions()));
        Assert.NotEqual(a, UniqueKey.For("u", """{"a":1,"b":2}""", new UniqueOptions()));
        Assert.NotEqual(a, UniqueKey.For("t", """{"a":1,"b":3}""", new UniqueOptions()));
        Assert.Matches("^t:[0-9a-f]{64}$", a);
        Assert.Equal("mine", UniqueKey.For("t", "{}", new UniqueOptions { Key = "mine" }));
    }

    [Fact]
    public void States_map_to_stored_state_names()
    {
        Assert.Equal(["SCHEDULED", "PENDING", "RETRY", "STARTED"], UniqueKey.StateNames(UniqueStates.Active));
        Assert.Equal(["SUCCESS", "FAILURE", "REVOKED"], UniqueKey.StateNames(UniqueStates.Finished));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniqueKey.StateNames(0));
    }
}
