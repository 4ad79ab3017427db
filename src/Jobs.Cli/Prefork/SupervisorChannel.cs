using System.Text;
using Jobs.Cli.Output;

namespace Jobs.Cli.Prefork;

/// <summary>
/// The child's end of the protocol: its original stdout, taken before <see cref="Console.Out"/> is pointed at stderr,
/// so that nothing a task prints can corrupt the protocol. A supervisor that is gone (broken pipe) is ignored here;
/// the child notices it through its stdin.
/// </summary>
internal sealed class SupervisorChannel
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    private SupervisorChannel(StreamWriter writer) => _writer = writer;

    /// <summary>Takes the process's stdout for the protocol and sends everything else written to stdout to stderr.</summary>
    public static SupervisorChannel TakeStdout()
    {
        var writer = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        Console.SetOut(Console.Error);
        Terminal.Configure(); // Spectre's console captured the old stdout
        return new SupervisorChannel(writer);
    }

    public void Send(ChildMessage message)
    {
        var line = ChildProtocol.Format(message);
        lock (_gate)
        {
            try { _writer.WriteLine(line); }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
        }
    }
}
