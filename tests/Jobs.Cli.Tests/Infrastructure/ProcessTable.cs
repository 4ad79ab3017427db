using System.Runtime.InteropServices;

namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>Processes by PID on Linux (/proc): whether one runs, which are another's children, and SIGKILL by PID.</summary>
public static partial class ProcessTable
{
    private const int SigKill = 9;

    /// <summary>Whether a process with this PID runs (a zombie counts as exited).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }

    /// <summary>The running processes whose parent is <paramref name="parent"/>.</summary>
    public static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] is not ("Z" or "X") && int.Parse(fields[1]) == parent) children.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return children;
    }

    /// <summary>SIGKILL by PID; false when there was no such process.</summary>
    public static bool Kill(int pid) => kill(pid, SigKill) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
