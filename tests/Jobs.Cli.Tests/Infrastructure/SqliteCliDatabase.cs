using Microsoft.Data.Sqlite;

namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>A SQLite file in the test's own temporary directory.</summary>
public sealed class SqliteCliDatabase : CliDatabase
{
    public string FilePath => Path.Combine(WorkingDirectory, "test-jobs.db");

    public override string Provider => "sqlite";

    public override string ConnectionString => $"Data Source={FilePath}";

    public override string[] UnmigratedArgs()
    {
        var empty = Path.Combine(WorkingDirectory, "empty.db");
        File.WriteAllBytes(empty, []);
        return ["--connection", $"Data Source={empty}"];
    }

    public override string[] UnreachableArgs() => ["--connection", $"Data Source={Path.Combine(WorkingDirectory, "no-such-dir", "jobs.db")}"];

    public override async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{job}", "job");
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
