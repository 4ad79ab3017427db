using System.Runtime.InteropServices;

namespace Jobs.Testing;

/// <summary>POSIX signals by PID, for stopping server processes that are not our children.</summary>
internal static partial class Signals
{
    private const int SIGKILL = 9;
    private const int SIGINT = 2;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>Whether a process with this PID is running (a zombie counts as exited).</summary>
    public static bool IsAlive(int pid)
    {
        if (kill(pid, 0) != 0) return Marshal.GetLastPInvokeError() == 1; // EPERM: alive but not ours
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && state != 'X';
        }
        catch (IOException) { return false; }
    }

    /// <summary>
    /// Fast shutdown of a PostgreSQL postmaster by PID (SIGINT), escalating to SIGKILL when it has not exited
    /// within <paramref name="grace"/>.
    /// </summary>
    public static void StopByPid(int pid, TimeSpan grace)
    {
        if (!IsAlive(pid)) return;
        kill(pid, SIGINT);
        if (WaitForExit(pid, grace)) return;
        kill(pid, SIGKILL);
        WaitForExit(pid, TimeSpan.FromSeconds(10));
    }

    private static bool WaitForExit(int pid, TimeSpan timeout)
    {
        // The postmaster is not our child, so there is no wait handle for it: poll its liveness.
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid)) return true;
            Thread.Sleep(25);
        }
        return !IsAlive(pid);
    }
}
