using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Jobs.Cli.Prefork;

/// <summary>
/// How a supervisor starts a child: the same executable (<see cref="Environment.ProcessPath"/>; under the
/// <c>dotnet</c> host, with the entry assembly first) running <c>jobs worker --pool-child</c> with the pool's settings.
/// The database goes by environment (<c>JOBS_PROVIDER</c>, <c>JOBS_CONNECTION</c>), so a password in the connection
/// string never shows in the process list.
/// </summary>
internal sealed class ChildLauncher(PoolSettings settings, ProviderSettings database)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _queues = settings.Queues;

    /// <summary>The queues children are started with now (add-consumer and cancel-consumer change them).</summary>
    public IReadOnlyList<string> Queues { get { lock (_gate) return _queues; } }

    /// <summary>Goes up with every change of <see cref="Queues"/>: children started with an older version are replaced.</summary>
    public int QueuesVersion { get { lock (_gate) return _version; } }
    private int _version;

    /// <summary>Adds (or removes) a queue; false when nothing changed. A pool needs at least one queue.</summary>
    public bool ChangeQueues(string queue, bool add)
    {
        lock (_gate)
        {
            if (_queues.Contains(queue) == add) return false;
            if (!add && _queues.Count == 1)
                throw new InvalidOperationException($"'{queue}' is the pool's only queue; a worker needs at least one");
            _queues = add ? [.. _queues, queue] : _queues.Where(q => q != queue).ToList();
            _version++;
            return true;
        }
    }

    public ProcessStartInfo StartInfo(int slot)
    {
        var (executable, prefix) = Self();
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        var args = psi.ArgumentList;
        foreach (var a in prefix) args.Add(a);
        args.Add("worker");
        args.Add("--pool-child");
        Add(args, "--name", NamePrefix(slot));
        Add(args, "--queues", string.Join(',', Queues));
        Add(args, "--log-level", settings.LogLevel.ToString());
        foreach (var a in settings.Assemblies) Add(args, "--assembly", Path.GetFullPath(a));
        if (settings.SoftTimeLimit is { } soft) Add(args, "--soft-time-limit", Milliseconds(soft));
        if (settings.TimeLimit is { } hard) Add(args, "--time-limit", Milliseconds(hard));
        if (settings.MaxTasksPerChild is { } tasks) Add(args, "--max-tasks-per-child", tasks.ToString(CultureInfo.InvariantCulture));
        if (settings.MaxMemoryPerChildMb is { } mb) Add(args, "--max-memory-per-child", mb.ToString(CultureInfo.InvariantCulture));
        if (settings.SendEvents) args.Add("--events");
        foreach (var a in settings.Keys.ChildArguments()) args.Add(a); // key file paths, never the keys
        if (settings.Beat && slot == 0) args.Add("--beat"); // one beat per pool is enough (and any number would be safe)
        if (database.Provider is JobsProvider.Postgres or JobsProvider.SqlServer) Add(args, "--schema", database.Schema);
        psi.Environment[GlobalOptions.ProviderVariable] = database.Provider.ToString().ToLowerInvariant();
        psi.Environment[GlobalOptions.ConnectionVariable] = database.ConnectionString;
        return psi;
    }

    /// <summary>The worker name of slot <paramref name="slot"/>'s child with process id <paramref name="pid"/>.</summary>
    public string WorkerName(int slot, int pid) => $"{NamePrefix(slot)}/{pid}";

    private string NamePrefix(int slot) => $"{settings.Name}/child-{slot + 1}";

    private static void Add(IList<string> args, string option, string value)
    {
        args.Add(option);
        args.Add(value);
    }

    private static string Milliseconds(TimeSpan t) => ((long)Math.Ceiling(t.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>This program: the apphost (or tool shim) as is, or the <c>dotnet</c> host followed by the entry assembly.</summary>
    private static (string Executable, string[] Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown; the process pool cannot start children.");
        if (!string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.OrdinalIgnoreCase)) return (process, []);
        var entry = Assembly.GetEntryAssembly()?.Location is { Length: > 0 } location ? location : Environment.GetCommandLineArgs()[0];
        return (process, [entry]);
    }
}
