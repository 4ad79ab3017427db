using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Jobs.Cli.Prefork;

/// <summary>
/// The host lifetime of a pool child (instead of the console's): it stops gracefully when its stdin reaches end of
/// file (the supervisor closed it to stop the pool, or the supervisor died) or on SIGTERM sent to the child itself.
/// SIGINT and SIGQUIT are ignored: Ctrl+C in a terminal reaches the whole process group, and it is the supervisor's
/// to turn into an orderly stop of every child.
/// </summary>
internal sealed class ChildLifetime(IHostApplicationLifetime lifetime) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, c => c.Cancel = true));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            lifetime.StopApplication();
        }));
        // A blocking read of stdin needs a thread of its own; a background thread never keeps the process alive.
        new Thread(WatchStdin) { IsBackground = true, Name = "jobs pool child stdin" }.Start();
        return Task.CompletedTask;
    }

    private void WatchStdin()
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (stdin.Read(buffer, 0, buffer.Length) > 0) { /* the supervisor writes nothing; only the end counts */ }
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        lifetime.StopApplication();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var s in _signals) s.Dispose();
    }
}
