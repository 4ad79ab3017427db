using System.Reflection;
using System.Text.Json;

namespace Jobs.Bench.Admin;

/// <summary>The SQL scenario A loads with (embedded Admin/admin_load.*.sql) and the store statements it explains (read from the store assemblies).</summary>
internal static class AdminSql
{
    public static string Load(string store)
    {
        using var stream = typeof(AdminSql).Assembly.GetManifestResourceStream($"Jobs.Bench.Admin.admin_load.{store}.sql")
            ?? throw new InvalidOperationException($"admin_load.{store}.sql is not embedded");
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>A statement of a store as the store runs it (its embedded Sql/NAME.sql), for EXPLAIN.</summary>
    public static string Statement(Assembly store, string prefix, string name, IReadOnlyDictionary<string, string> values)
    {
        using var stream = store.GetManifestResourceStream($"{prefix}.Sql.{name}.sql") ?? throw new InvalidOperationException($"{prefix}: no statement {name}");
        var sql = new StreamReader(stream).ReadToEnd();
        foreach (var (k, v) in values) sql = sql.Replace("{" + k + "}", v, StringComparison.Ordinal);
        return sql.TrimEnd().TrimEnd(';');
    }

    /// <summary>The statement behind an admin call.</summary>
    public static string StatementName(JobSearch? search, string op) => search is not null ? "job_list" : op == "count" ? "job_count_by_queue" : "queue_list";

    /// <summary>The argument value of a search as JSON (JobAdmin serialises it the same way).</summary>
    public static string? ArgJson(JobSearch s) => s.ArgPath is null ? null : JsonSerializer.Serialize(s.ArgValue);
}
