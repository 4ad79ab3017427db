using System.CommandLine;
using System.CommandLine.Parsing;

namespace Jobs.Cli.Commands;

/// <summary>
/// What a <c>jobs ratelimit</c>/<c>jobs concurrency</c> command applies to: a task named by the first positional value,
/// or a queue given with <c>--queue</c>; followed by the limit itself for <c>set</c>.
/// </summary>
internal sealed class LimitTarget
{
    private readonly Argument<string[]>? _values;
    private readonly Argument<string?>? _task;
    private readonly Option<string?> _queue = new("--queue", "-Q") { Description = "Limit a queue instead of a task." };
    private readonly string? _valueName;

    /// <param name="valueName">The limit's name for <c>set</c> (e.g. RATE); null for <c>clear</c>.</param>
    public LimitTarget(string? valueName)
    {
        _valueName = valueName;
        if (valueName is null)
            _task = new Argument<string?>("TASK") { Description = "The task (omit it with --queue).", Arity = ArgumentArity.ZeroOrOne };
        else
            _values = new Argument<string[]>($"TASK {valueName}")
            {
                Description = $"The task (omit it with --queue) and the {valueName.ToLowerInvariant()}.",
                Arity = new ArgumentArity(1, 2),
            };
    }

    public void AddTo(Command command)
    {
        if (_values is not null) command.Add(_values);
        if (_task is not null) command.Add(_task);
        command.Add(_queue);
        command.Validators.Add(Validate);
    }

    private void Validate(CommandResult r)
    {
        var count = _values is not null ? r.GetValue(_values)?.Length ?? 0 : r.GetValue(_task!) is null ? 0 : 1;
        var queue = r.GetValue(_queue) is not null;
        var expected = (queue ? 0 : 1) + (_valueName is null ? 0 : 1);
        if (count == expected) return;
        r.AddError(queue
            ? $"with --queue give {(_valueName is null ? "no task" : "only the " + _valueName)}"
            : $"give a task name{(_valueName is null ? "" : " and the " + _valueName)}, or --queue QUEUE");
    }

    /// <summary>The scope, the task or queue name, and the limit value (null for clear).</summary>
    public (LimitScope Scope, string Name, string? Value) Read(CliContext ctx)
    {
        var values = _values is not null ? ctx.Get(_values) ?? [] : ctx.Get(_task!) is { } t ? [t] : [];
        return ctx.Get(_queue) is { } q
            ? (LimitScope.Queue, q, _valueName is null ? null : values[0])
            : (LimitScope.Task, values[0], _valueName is null ? null : values[1]);
    }

    public static string Describe(LimitScope scope, string name) => scope == LimitScope.Task ? $"task {name}" : $"queue {name}";
}
