namespace Jobs.Migrations;

/// <summary>Adds <c>JobsDatabase.Sqlite</c>.</summary>
public static class SqliteJobsDatabase
{
    extension(JobsDatabase)
    {
        /// <summary>
        /// SQLite (Microsoft.Data.Sqlite). SQLite has no schemas: the tables live in the main database, and migrating
        /// switches the file to write-ahead logging.
        /// </summary>
        public static JobsDatabase Sqlite => SqliteDatabase.Instance;
    }
}
