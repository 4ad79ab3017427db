using System.Text.Json;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class SerializerTests
{
    private sealed record Args(int Count, string Name);
    private readonly JobSerializer _json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void Arguments_are_plain_camel_case_json_without_type_names()
    {
        var json = _json.SerializeArgs("t", new Args(3, "x"));
        Assert.Equal("{\"count\":3,\"name\":\"x\"}", json);
        Assert.Equal(new Args(3, "x"), _json.Deserialize<Args>("t", json));
    }

    [Fact]
    public void A_string_argument_is_ready_made_json_and_must_parse()
    {
        Assert.Equal("[1,2]", _json.SerializeArgs("t", "[1,2]"));
        var ex = Assert.Throws<ArgumentException>(() => _json.SerializeArgs("t", "{oops"));
        Assert.Contains("task 't'", ex.Message);
    }

    [Fact]
    public void Unreadable_arguments_name_the_task_and_type()
    {
        var ex = Assert.Throws<JobArgumentsException>(() => _json.Deserialize<Args>("reports.generate", "{\"count\":\"many\"}"));
        Assert.Contains("reports.generate", ex.Message);
        Assert.Contains("Args", ex.Message);
    }
}
