using System.Runtime.InteropServices;

namespace Jobs.Cli;

/// <summary>
/// Ctrl+C (SIGINT), SIGTERM and SIGQUIT as a cancellation token for the commands that run until stopped (<c>jobs events
/// --follow</c>, <c>jobs top</c>); the console's parser leaves signal handling to each command.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Interruption(CancellationToken ct)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, c =>
                {
                    c.Cancel = true; // no default termination: the command ends on its own, restoring the terminal
                    Stop();
                }));
            }
            catch (PlatformNotSupportedException) { }
        }
    }

    /// <summary>Fires on a signal, or when the command's own token does.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Stops the command (e.g. on the key q).</summary>
    public void Stop()
    {
        try { _cts.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
