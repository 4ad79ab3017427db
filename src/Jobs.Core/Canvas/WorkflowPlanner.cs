using Jobs.Storage;

namespace Jobs;

/// <summary>
/// Turns a canvas into the rows of one workflow: every job with what it waits for, and a counter row per group.
/// A node waits for nothing (it runs at once), for one job, or for a group; it ends in one job or in one group,
/// which is what the node after it waits for. The jobs that wait for nothing take <c>input</c> (JSON, the value a
/// workflow is applied with, Celery's <c>c1(16)</c>) as a waiting job takes a result: see <see cref="CallJson.Feed"/>.
/// </summary>
internal sealed class WorkflowPlanner(Func<string, object?, EnqueueOptions?, NewJob> build, string? input = null)
{
    private readonly List<WorkflowJob> _jobs = [];
    private readonly Dictionary<Guid, int> _index = [];
    private readonly List<WorkflowGroup> _groups = [];

    /// <summary>What a node waits for: nothing, a job (its success, or with <c>OnError</c> its failure), or a group.</summary>
    private readonly record struct Wait(Guid? Job, Guid? Group, bool OnError)
    {
        public static readonly Wait None = default;
        public bool Any => Job is not null || Group is not null;
    }

    /// <summary>What a node ends in: one job, or a group with its members' final jobs.</summary>
    internal readonly record struct End(Guid? Job, Guid? Group, IReadOnlyList<Guid> Members);

    /// <summary>Plans <paramref name="canvas"/>; returns the rows and what the workflow ends in.</summary>
    public (WorkflowPlan Plan, End End) Plan(Canvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var end = Add(canvas, Wait.None);
        var root = _jobs[0].Job.Id;
        var jobs = _jobs.Select(j => j with { RootId = root }).ToList();
        var groups = _groups.Select(g => g with { RootId = root }).ToList();
        return (new WorkflowPlan(jobs, groups), end);
    }

    private End Add(Canvas canvas, Wait wait)
    {
        var end = canvas switch
        {
            Signature s => AddSignature(s, wait),
            Chain c => AddChain(c, wait),
            Group g => AddGroup(g, wait),
            Chord c => AddChord(c, wait),
            _ => throw new NotSupportedException($"Unknown canvas type {canvas.GetType().Name}."),
        };
        AddLinks(canvas, end);
        return end;
    }

    private End AddSignature(Signature s, Wait wait)
    {
        ArgumentNullException.ThrowIfNull(s.Task, nameof(s.Task));
        if (wait.Any && s.Options?.Eta is not null)
            throw new ArgumentException($"Step '{s.Task}' waits for an earlier step, so it cannot have an Eta; give it a Countdown (counted from its release).");
        var job = build(s.Task, s.Args, s.Options);
        if (!wait.Any && input is not null) job = job with { ArgsJson = CallJson.Feed(job.ArgsJson, s.IsImmutable, input) };
        if (job.Unique is not null)
            throw new NotSupportedException($"Step '{s.Task}' is a unique job; unique jobs cannot be part of a workflow (enqueue them on their own).");
        if (!_index.TryAdd(job.Id, _jobs.Count)) throw new ArgumentException($"Job id {job.Id} is used twice in one workflow.");
        _jobs.Add(new WorkflowJob
        {
            Job = job,
            ParentId = wait.Job,
            ParentGroupId = wait.Group,
            Errback = wait.OnError,
            Immutable = s.IsImmutable,
        });
        return new End(job.Id, null, []);
    }

    private End AddChain(Chain chain, Wait wait)
    {
        if (chain.Steps is not { Count: > 0 }) throw new ArgumentException("A chain needs at least one step.");
        End end = default;
        foreach (var step in chain.Steps)
        {
            end = Add(step, wait);
            wait = new Wait(end.Job, end.Group, false);
        }
        return end;
    }

    private End AddGroup(Group group, Wait wait)
    {
        var members = Flatten(group).ToList();
        if (members.Count == 0) throw new ArgumentException("A group needs at least one member.");
        var id = JobIds.Next();
        var ends = new List<Guid>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var end = Add(members[i], wait);
            if (end.Job is not { } job)
                throw new NotSupportedException($"Member {i} of a group ends in a group; a member must end in one job (a task, a chain ending in a task, or a chord).");
            var at = _index[job];
            _jobs[at] = _jobs[at] with { GroupId = id, GroupIndex = i };
            ends.Add(job);
        }
        _groups.Add(new WorkflowGroup(id, Guid.Empty, members.Count));
        return new End(null, id, ends);
    }

    // A group directly inside a group (without callbacks of its own) adds its members to the outer one.
    private static IEnumerable<Canvas> Flatten(Group group)
    {
        foreach (var m in group.Members ?? [])
        {
            ArgumentNullException.ThrowIfNull(m, "member");
            if (m is Group { Links.Count: 0, ErrorLinks.Count: 0 } inner)
                foreach (var x in Flatten(inner)) yield return x;
            else yield return m;
        }
    }

    private End AddChord(Chord chord, Wait wait)
    {
        ArgumentNullException.ThrowIfNull(chord.Header, nameof(chord.Header));
        ArgumentNullException.ThrowIfNull(chord.Body, nameof(chord.Body));
        var header = Add(chord.Header, wait);
        return Add(chord.Body, new Wait(header.Job, header.Group, false));
    }

    // Links wait for the node's end like a next step; errbacks wait for its final job's failure (for a group, each member's).
    private void AddLinks(Canvas canvas, End end)
    {
        foreach (var link in canvas.Links ?? []) Add(link, new Wait(end.Job, end.Group, false));
        foreach (var errback in canvas.ErrorLinks ?? [])
        {
            if (end.Job is { } job) Add(errback, new Wait(job, null, true));
            else foreach (var member in end.Members) Add(errback, new Wait(member, null, true));
        }
    }
}
