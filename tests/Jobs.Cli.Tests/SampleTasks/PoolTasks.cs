using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Jobs;

namespace Jobs.Cli.SampleTasks;

/// <summary><c>sample.pid</c>: the id of the process that ran it (which child of a process pool).</summary>
[JobTask("sample.pid")]
public sealed class PidTask : IJob<JsonElement, int>
{
    public Task<int> RunAsync(JsonElement args, JobContext context) => Task.FromResult(Environment.ProcessId);
}

/// <summary><c>sample.spin</c>: a busy loop that never looks at its cancellation token (only the process's end stops it).</summary>
[JobTask("sample.spin")]
public sealed class SpinTask : IJob<JsonElement, int>
{
    private static long _spins;

    public Task<int> RunAsync(JsonElement args, JobContext context)
    {
        while (true) Interlocked.Increment(ref _spins);
    }
}

/// <summary>
/// <c>sample.leak</c>: keeps 50 MB more each run (every page written, so resident) and returns the process's
/// resident memory in MB afterwards.
/// </summary>
[JobTask("sample.leak")]
public sealed class LeakTask : IJob<JsonElement, long>
{
    private const int Size = 50 * 1024 * 1024;
    private static readonly List<byte[]> Kept = [];

    public Task<long> RunAsync(JsonElement args, JobContext context)
    {
        var block = GC.AllocateUninitializedArray<byte>(Size);
        block.AsSpan().Fill(0x5A);
        lock (Kept) Kept.Add(block);
        return Task.FromResult(ResidentMegabytes());
    }

    private static long ResidentMegabytes()
    {
        if (File.Exists("/proc/self/status"))
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / (1024 * 1024);
    }
}

/// <summary><c>sample.crash</c>: kills the process that runs it (SIGKILL), as a crash in native code would end it.</summary>
[JobTask("sample.crash")]
public sealed class CrashTask : IJob<JsonElement, int>
{
    public Task<int> RunAsync(JsonElement args, JobContext context)
    {
        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite);
        return Task.FromResult(0);
    }
}
