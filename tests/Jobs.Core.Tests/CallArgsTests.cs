using System.Text.Json;
using Jobs.Storage;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>
/// Celery's argument model: a call's JSON form, its round trip through a serialized canvas, how a waiting job is fed
/// (prepend to a call, replace anything else, keep an immutable one), and how a call binds to a task's argument type.
/// </summary>
public sealed class CallArgsTests
{
    private sealed record AddArgs(int X, int Y);
    private sealed record ScaleArgs(int X, int Factor = 10);
    private sealed record ShellArgs(string[] Args);
    private sealed class Settable { public int A { get; set; } public int B { get; set; } }

    private readonly JobSerializer _json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private WorkflowPlan Plan(Canvas canvas, object? input = null)
        => new WorkflowPlanner((task, args, o) => new NewJob
        {
            Id = JobIds.Next(), Task = task, Queue = "default", ArgsJson = _json.SerializeArgs(task, args), MaxAttempts = 1,
        }, input is null ? null : _json.SerializeArgs("input", input)).Plan(canvas).Plan;

    [Fact]
    public void A_call_is_stored_as_celerys_args_and_kwargs()
    {
        Assert.Equal("""{"args":[2,2],"kwargs":{}}""", _json.SerializeArgs("add", new CallArgs([2, 2])));
        Assert.Equal("""{"args":[2],"kwargs":{"y":3}}""", _json.SerializeArgs("add", new CallArgs([2], new { y = 3 })));
        Assert.Equal("""{"args":[],"kwargs":{"y":3}}""", _json.SerializeArgs("add", new CallArgs([], new Dictionary<string, int> { ["y"] = 3 })));
        var ex = Assert.Throws<ArgumentException>(() => _json.SerializeArgs("add", new CallArgs([1], 5)));
        Assert.Contains("Keyword arguments for task 'add' must serialize to a JSON object", ex.Message);
    }

    [Fact]
    public void A_signature_with_args_and_kwargs_survives_a_json_round_trip()
    {
        var canvas = new Chain(Workflow.Call("add", 2, 2), new Signature("add", new CallArgs([4], new { y = 1 })).Immutable());
        var json = canvas.ToJson();
        var back = Canvas.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(
            ["""{"args":[2,2],"kwargs":{}}""", """{"args":[4],"kwargs":{"y":1}}"""],
            Plan(back).Jobs.Select(j => j.Job.ArgsJson));
        Assert.True(((Signature)((Chain)back).Steps[1]).IsImmutable);
    }

    [Theory]
    [InlineData("""{"args":[4],"kwargs":{"y":1}}""", false, """{"args":[16,4],"kwargs":{"y":1}}""")]
    [InlineData("""{"args":[]}""", false, """{"args":[16]}""")]
    [InlineData("""{"args":[4],"kwargs":{}}""", true, """{"args":[4],"kwargs":{}}""")]
    [InlineData("""{"x":1}""", false, "16")]
    [InlineData("""{"args":[4],"other":1}""", false, "16")]  // not a call: a member other than args and kwargs
    [InlineData("""{"args":4}""", false, "16")]               // not a call: args is not an array
    [InlineData("[4]", false, "16")]
    [InlineData("null", false, "16")]
    public void A_waiting_job_is_fed_by_prepending_to_a_call_and_replacing_anything_else(string own, bool immutable, string fed)
        => Assert.Equal(fed, CallJson.Feed(own, immutable, "16"));

    [Fact]
    public void A_chord_callback_call_gets_the_list_of_results_as_its_first_argument()
        => Assert.Equal("""{"args":[[1,2],"x"]}""", CallJson.Feed("""{"args":["x"]}""", false, "[1,2]"));

    [Fact]
    public void Applying_with_an_input_feeds_every_job_that_waits_for_nothing()
    {
        var chain = Plan(Workflow.Call("add", 4).Then(Workflow.Call("mul", 8)), 16).Jobs;
        Assert.Equal(["""{"args":[16,4],"kwargs":{}}""", """{"args":[8],"kwargs":{}}"""], chain.Select(j => j.Job.ArgsJson));

        var group = Plan(new Group(Workflow.Call("add", 1), new Signature("inc", 5), new Signature("inc", 5).Immutable()), 16).Jobs;
        Assert.Equal(["""{"args":[16,1],"kwargs":{}}""", "16", "5"], group.Select(j => j.Job.ArgsJson));

        var chord = Plan(new Chord(new Group(Workflow.Call("add", 1)), Workflow.Call("tsum")), 2).Jobs;
        Assert.Equal(["""{"args":[2,1],"kwargs":{}}""", """{"args":[],"kwargs":{}}"""], chord.Select(j => j.Job.ArgsJson));
    }

    [Fact]
    public void A_call_binds_positional_values_to_constructor_parameters_in_order_and_keywords_by_name()
    {
        Assert.Equal(new AddArgs(2, 3), _json.DeserializeArgs<AddArgs>("add", """{"args":[2,3],"kwargs":{}}"""));
        Assert.Equal(new AddArgs(2, 3), _json.DeserializeArgs<AddArgs>("add", """{"args":[2],"kwargs":{"y":3}}"""));
        Assert.Equal(new AddArgs(2, 3), _json.DeserializeArgs<AddArgs>("add", """{"args":[],"kwargs":{"x":2,"Y":3}}"""));
        Assert.Equal(new ScaleArgs(2), _json.DeserializeArgs<ScaleArgs>("scale", """{"args":[2]}"""));
        Assert.Equal(new AddArgs(2, 3), _json.DeserializeArgs<AddArgs>("add", """{"x":2,"y":3}""")); // a plain object as before
        var settable = _json.DeserializeArgs<Settable>("s", """{"args":[1,2]}""");
        Assert.Equal((1, 2), (settable.A, settable.B));
    }

    [Fact]
    public void A_call_binds_to_an_array_a_single_value_or_a_dictionary()
    {
        Assert.Equal([1, 2, 3], _json.DeserializeArgs<int[]>("sum", """{"args":[1,2,3],"kwargs":{}}"""));
        Assert.Equal([1, 2, 3], _json.DeserializeArgs<int[]>("tsum", """{"args":[[1,2,3]]}""")); // a chord callback's list of results
        Assert.Equal([7], _json.DeserializeArgs<List<int>>("sum", """{"args":[7]}"""));
        Assert.Equal(5, _json.DeserializeArgs<int>("inc", """{"args":[5],"kwargs":{}}"""));
        Assert.Equal("a", _json.DeserializeArgs<string>("echo", """{"args":["a"]}"""));
        Assert.Equal(3, _json.DeserializeArgs<Dictionary<string, int>>("kw", """{"args":[],"kwargs":{"y":3}}""")["y"]);
    }

    [Fact]
    public void A_type_that_reads_json_itself_or_has_an_args_member_gets_the_call_as_it_is()
    {
        const string call = """{"args":["ls","-l"],"kwargs":{}}""";
        Assert.Equal(call, _json.DeserializeArgs<JsonElement>("raw", call).GetRawText());
        Assert.Equal(["ls", "-l"], _json.DeserializeArgs<ShellArgs>("shell", call).Args);
        var back = _json.DeserializeArgs<CallArgs>("raw", call);
        Assert.Equal("ls", ((JsonElement)back.Args[0]!).GetString());
    }

    [Theory]
    [InlineData("""{"args":[1,2,3]}""", "Task 'add' takes 2 positional arguments (x, y) but 3 were given.")]
    [InlineData("""{"args":[1],"kwargs":{"x":2}}""", "Task 'add' got multiple values for argument 'x'.")]
    [InlineData("""{"args":[1]}""", "Task 'add' is missing required argument 'y'.")]
    [InlineData("""{"args":[1,2],"kwargs":[]}""", "Arguments for task 'add': \"kwargs\" must be a JSON object, not Array.")]
    public void A_call_that_does_not_fit_fails_with_a_clear_error(string call, string error)
        => Assert.Equal(error, Assert.Throws<JobArgumentsException>(() => _json.DeserializeArgs<AddArgs>("add", call)).Message);

    [Fact]
    public void A_single_value_task_takes_exactly_one_positional_value()
    {
        var ex = Assert.Throws<JobArgumentsException>(() => _json.DeserializeArgs<int>("inc", """{"args":[1,2]}"""));
        Assert.Equal("Task 'inc' takes 1 positional argument but 2 positional and 0 keyword arguments were given.", ex.Message);
    }
}
