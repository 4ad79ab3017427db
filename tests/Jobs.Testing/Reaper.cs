namespace Jobs.Testing;

/// <summary>Removes clusters whose owning test process died without stopping them (SIGKILL, a hang timeout).</summary>
internal static class Reaper
{
    public const string OwnerFile = "owner.pid";

    public static void ReapAbandoned(string root)
    {
        if (!Directory.Exists(root)) return;
        foreach (var dir in Directory.GetDirectories(root))
        {
            try
            {
                var ownerFile = Path.Combine(dir, OwnerFile);
                if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile).Trim(), out var owner)) continue;
                if (Signals.IsAlive(owner)) continue;
                var pidFile = Path.Combine(dir, "data", "postmaster.pid");
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First().Trim(), out var postmaster)
                    && IsPostgres(postmaster))
                    Signals.StopByPid(postmaster, TimeSpan.FromSeconds(10));
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsPostgres(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains("postgres", StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }
}
