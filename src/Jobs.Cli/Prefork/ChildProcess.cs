using System.Diagnostics;
using System.Threading.Channels;

namespace Jobs.Cli.Prefork;

/// <summary>Why the supervisor killed a child.</summary>
internal enum KillReason { None, TimeLimit, Terminate, Shutdown }

/// <summary>The attempt a child runs now, as it reported it.</summary>
internal sealed record ChildJob(Guid Id, int Attempt, TimeSpan? HardLimit, long StartedAt);

/// <summary>
/// The supervisor's handle on one child process: reads its protocol messages (stdout) into the supervisor's event
/// channel, forwards its stderr to the supervisor's stderr, and reports its exit after its last message. Stopped
/// gracefully by closing its stdin, killed by PID.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int RecentAttempts = 16;
    private readonly Process _process;
    private readonly ChannelWriter<PoolEvent> _events;
    private readonly Queue<ChildJob> _recent = new();

    private ChildProcess(int slot, Process process, string worker, ChannelWriter<PoolEvent> events)
    {
        Slot = slot;
        _process = process;
        Pid = process.Id;
        Worker = worker;
        _events = events;
    }

    public int Slot { get; }
    public int Pid { get; }
    /// <summary>The child's worker name (the <c>worker</c> column of the jobs it runs).</summary>
    public string Worker { get; set; }
    public bool Ready { get; set; }
    public ChildJob? Current { get; set; }
    /// <summary>Why the child is stopping of its own accord or at the supervisor's request (null: it is not).</summary>
    public string? RecycleReason { get; private set; }
    /// <summary>Since when (a local timestamp) it is stopping for <see cref="RecycleReason"/>: one that takes too long is killed.</summary>
    public long? StoppingSince { get; private set; }
    /// <summary>The version of the pool's queues the child was started with (<see cref="ChildLauncher.QueuesVersion"/>).</summary>
    public int QueuesVersion { get; set; }
    public KillReason Killed { get; private set; }
    /// <summary>Attempts ended here whose outcome may not be written yet (and the current one), newest last.</summary>
    public IReadOnlyCollection<ChildJob> Recent => _recent;

    public static ChildProcess Start(int slot, ProcessStartInfo psi, Func<int, string> workerName, ChannelWriter<PoolEvent> events)
    {
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {psi.FileName}.");
        var child = new ChildProcess(slot, process, workerName(process.Id), events);
        _ = Task.Run(child.ForwardStderrAsync);
        _ = Task.Run(child.ReadAsync);
        return child;
    }

    public void OnStarted(ChildJob job)
    {
        Current = job;
        _recent.Enqueue(job);
        while (_recent.Count > RecentAttempts) _recent.Dequeue();
    }

    /// <summary>The child stops for <paramref name="reason"/>: it said it recycles, or the supervisor retires it (then see <see cref="RequestStop"/>).</summary>
    public void Recycling(string reason, long now)
    {
        RecycleReason = reason;
        StoppingSince ??= now;
    }

    /// <summary>Asks the child to stop gracefully: the end of its stdin.</summary>
    public void RequestStop()
    {
        try { _process.StandardInput.Close(); }
        catch (IOException) { }
        catch (InvalidOperationException) { }
    }

    /// <summary>SIGKILL by PID (with anything the child started); the first reason sticks.</summary>
    public void Kill(KillReason reason)
    {
        if (Killed == KillReason.None) Killed = reason;
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* exited already */ }
        catch (System.ComponentModel.Win32Exception) { /* exiting */ }
    }

    private async Task ReadAsync()
    {
        var reader = _process.StandardOutput;
        var eof = ReadMessagesAsync(reader);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        // The messages end with the process; a grandchild that inherited stdout must not hold the exit back for long.
        await eof.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _events.TryWrite(new ChildEvent.Exited(this, _process.ExitCode));
    }

    private async Task ReadMessagesAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                if (ChildProtocol.Parse(line) is { } message) _events.TryWrite(new ChildEvent.Message(this, message));
                else Console.Error.WriteLine(line); // not the protocol: keep it visible
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    private async Task ForwardStderrAsync()
    {
        try
        {
            var reader = _process.StandardError;
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line) Console.Error.WriteLine(line);
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    public void Dispose() => _process.Dispose();
}
