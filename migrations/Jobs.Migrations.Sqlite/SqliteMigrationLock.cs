using Microsoft.Data.Sqlite;

namespace Jobs.Migrations;

/// <summary>
/// Serialises migrations of one database file across processes, so processes that all migrate at start-up take
/// turns instead of failing on each other's half-made tables: an exclusive lock file beside the database file.
/// An in-memory database belongs to one process and needs no lock.
/// </summary>
internal static class SqliteMigrationLock
{
    public static IDisposable Acquire(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:") return new NoLock();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // The file stays behind: deleting it on close would let a waiter lock an unlinked file while a
                // newcomer locks its replacement.
                return new FileStream(Path.GetFullPath(file) + ".migrate-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < JobsDatabase.LockTimeout)
            {
                Thread.Sleep(100); // another process is migrating; a lock file has no wait primitive
            }
        }
    }

    private sealed class NoLock : IDisposable { public void Dispose() { } }
}
