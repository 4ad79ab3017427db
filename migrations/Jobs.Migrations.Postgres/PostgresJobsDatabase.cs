namespace Jobs.Migrations;

/// <summary>Adds <c>JobsDatabase.Postgres</c>.</summary>
public static class PostgresJobsDatabase
{
    extension(JobsDatabase)
    {
        /// <summary>PostgreSQL (Npgsql). The Jobs tables live in the migrator's schema (default <c>jobs</c>).</summary>
        public static JobsDatabase Postgres => PostgresDatabase.Instance;
    }
}
