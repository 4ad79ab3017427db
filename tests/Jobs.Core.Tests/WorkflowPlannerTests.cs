using Jobs.Storage;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>The rows a canvas becomes: what each job waits for, group membership and order, errback attachment, one root.</summary>
public sealed class WorkflowPlannerTests
{
    private static (WorkflowPlan Plan, WorkflowPlanner.End End) Plan(Canvas canvas)
        => new WorkflowPlanner((task, args, o) => new NewJob
        {
            Id = o?.Id ?? JobIds.Next(), Task = task, Queue = o?.Queue ?? "default", ArgsJson = args?.ToString() ?? "null",
            Delay = o?.Countdown ?? TimeSpan.Zero, MaxAttempts = 1,
        }).Plan(canvas);

    private static Signature S(string task) => new(task);

    [Fact]
    public void A_chain_links_each_step_to_the_one_before_and_only_the_first_runs_at_once()
    {
        var (plan, end) = Plan(new Chain(S("a"), S("b").Immutable(), S("c")));
        var (a, b, c) = (plan.Jobs[0], plan.Jobs[1], plan.Jobs[2]);
        Assert.False(a.Waiting);
        Assert.Equal(a.Job.Id, b.ParentId);
        Assert.True(b.Immutable);
        Assert.Equal(b.Job.Id, c.ParentId);
        Assert.All(plan.Jobs, j => Assert.Equal(a.Job.Id, j.RootId));
        Assert.Equal(c.Job.Id, end.Job);
        Assert.Empty(plan.Groups);
    }

    [Fact]
    public void A_chord_in_a_chain_waits_for_its_group_and_its_members_carry_their_order()
    {
        var (plan, end) = Plan(new Chain(S("a"), new Chord(new Group(S("m0"), new Chain(S("x"), S("m1")), new Group(S("m2"))), S("cb")), S("z")));
        var byTask = plan.Jobs.ToDictionary(j => j.Job.Task);
        var group = Assert.Single(plan.Groups);
        Assert.Equal(3, group.Size); // the nested group is flattened
        Assert.Equal([0, 1, 2], new[] { "m0", "m1", "m2" }.Select(t => byTask[t].GroupIndex!.Value));
        Assert.All(new[] { "m0", "m1", "m2" }, t => Assert.Equal(group.Id, byTask[t].GroupId));
        Assert.Null(byTask["x"].GroupId); // a chain member is represented by its last step
        Assert.Equal(byTask["a"].Job.Id, byTask["m0"].ParentId);
        Assert.Equal(byTask["a"].Job.Id, byTask["x"].ParentId);
        Assert.Equal(byTask["x"].Job.Id, byTask["m1"].ParentId);
        Assert.Equal(group.Id, byTask["cb"].ParentGroupId);
        Assert.Equal(byTask["cb"].Job.Id, byTask["z"].ParentId);
        Assert.Equal(byTask["z"].Job.Id, end.Job);
    }

    [Fact]
    public void Errbacks_attach_to_the_final_job_of_a_chain_and_to_every_member_of_a_group()
    {
        var (plan, _) = Plan(new Chain(S("a"), S("b")).LinkError(S("eb")).Link(S("ok")));
        var byTask = plan.Jobs.ToDictionary(j => j.Job.Task);
        Assert.True(byTask["eb"].Errback);
        Assert.Equal(byTask["b"].Job.Id, byTask["eb"].ParentId);
        Assert.False(byTask["ok"].Errback);
        Assert.Equal(byTask["b"].Job.Id, byTask["ok"].ParentId);

        var (groupPlan, end) = Plan(new Group(S("m0"), S("m1")).LinkError(S("eb")));
        var errbacks = groupPlan.Jobs.Where(j => j.Job.Task == "eb").ToList();
        Assert.Equal(end.Members.ToHashSet(), errbacks.Select(e => e.ParentId!.Value).ToHashSet());
        Assert.All(errbacks, e => Assert.True(e.Errback));
    }

    [Fact]
    public void Workflows_that_cannot_be_stored_are_refused_before_anything_is_inserted()
    {
        Assert.Throws<ArgumentException>(() => Plan(new Chain()));
        Assert.Throws<ArgumentException>(() => Plan(new Group()));
        Assert.Throws<NotSupportedException>(() => Plan(new Group(new Chain(S("a"), new Group(S("b"), S("c"))))));
        Assert.Throws<ArgumentException>(() => Plan(S("a").Then(new Signature("b", null, new EnqueueOptions { Eta = DateTimeOffset.MaxValue }))));
    }

    [Fact]
    public void A_canvas_round_trips_through_json()
    {
        var canvas = new Chord(new Group(new Signature("a", new { x = 1 }), S("b").Immutable()), S("c")).LinkError(S("e"));
        var json = canvas.ToJson();
        var back = Assert.IsType<Chord>(Canvas.FromJson(json));
        Assert.Equal(json, back.ToJson());
        Assert.True(((Signature)back.Header.Members[1]).IsImmutable);
        Assert.Equal("e", ((Signature)Assert.Single(back.ErrorLinks)).Task);
    }
}
