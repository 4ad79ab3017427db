using System.Diagnostics;
using System.Globalization;

namespace Jobs.Cli.Prefork;

/// <summary>This process's resident memory: VmRSS from /proc/self/status on Linux, else the working set.</summary>
internal static class MemoryProbe
{
    private const long Megabyte = 1024 * 1024;

    public static long ResidentMegabytes() => ResidentBytes() / Megabyte;

    public static long ResidentBytes()
    {
        if (OperatingSystem.IsLinux() && FromProcStatus() is { } rss) return rss;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }

    private static long? FromProcStatus()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException) { }
        return null;
    }
}
