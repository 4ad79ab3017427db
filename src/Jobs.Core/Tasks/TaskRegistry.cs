namespace Jobs;

/// <summary>Tasks by stable name: those this process can run, and remote ones it may only enqueue.</summary>
internal sealed class TaskRegistry
{
    private readonly Dictionary<string, TaskHandler> _handlers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _remote = new(StringComparer.Ordinal);

    public void Add(TaskHandler handler)
    {
        ValidateName(handler.Name);
        if (!_handlers.TryAdd(handler.Name, handler))
            throw new InvalidOperationException($"Task '{handler.Name}' is registered twice.");
    }

    public void AddRemote(string name)
    {
        ValidateName(name);
        _remote.Add(name);
    }

    public bool TryGet(string name, out TaskHandler handler)
    {
        if (_handlers.TryGetValue(name, out handler!)) return true;
        // The built-in map tasks (Workflow.Map/Starmap/Chunks) exist everywhere without being listed in Names.
        if (name is Workflow.MapTask or Workflow.StarmapTask) { handler = new MapHandler(name, this); return true; }
        return false;
    }

    // The built-in webhook task may be enqueued from any process; only workers that AddHttpTask run it.
    public bool IsKnown(string name) => _handlers.ContainsKey(name) || _remote.Contains(name) || name is Workflow.MapTask or Workflow.StarmapTask or HttpTask.Name;

    public IEnumerable<string> Names => _handlers.Keys.Concat(_remote).Order(StringComparer.Ordinal);

    private static void ValidateName(string name) => JobNames.ValidateTask(name, nameof(name));
}
