namespace Jobs.Migrations;

/// <summary>Adds <c>JobsDatabase.SqlServer</c>.</summary>
public static class SqlServerJobsDatabase
{
    extension(JobsDatabase)
    {
        /// <summary>SQL Server 2016 or later, or Azure SQL (Microsoft.Data.SqlClient). The Jobs tables live in the migrator's schema (default <c>jobs</c>).</summary>
        public static JobsDatabase SqlServer => SqlServerDatabase.Instance;
    }
}
