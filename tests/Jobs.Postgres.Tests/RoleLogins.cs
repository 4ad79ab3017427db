using Jobs.Migrations;
using Npgsql;

namespace Jobs.Postgres.Tests;

/// <summary>
/// A test's least-privilege roles: the group roles of <see cref="JobsMigrator.CreateRoles"/> under a random prefix and
/// one login (random name and password) in each, made by the harness's superuser. Roles are server-wide, so disposing
/// revokes what they were granted in the test database and drops them all.
/// </summary>
internal sealed class RoleLogins : IAsyncDisposable
{
    private readonly PostgresHarness _db;
    private readonly string _password = Guid.NewGuid().ToString("N");

    private RoleLogins(PostgresHarness db, string prefix)
    {
        _db = db;
        Prefix = prefix;
        Client = "lp_" + prefix + "_client_login";
        Worker = "lp_" + prefix + "_worker_login";
        Admin = "lp_" + prefix + "_admin_login";
    }

    public string Prefix { get; }
    public JobsRoles Roles { get; private set; } = null!;
    public string Client { get; }
    public string Worker { get; }
    public string Admin { get; }

    /// <summary>Makes the three logins and runs <see cref="JobsMigrator.CreateRoles"/> (as the owner) to make the groups and grant them.</summary>
    public static async Task<RoleLogins> CreateAsync(PostgresHarness db)
    {
        var logins = new RoleLogins(db, "r" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var login in new[] { logins.Client, logins.Worker, logins.Admin })
            await db.ExecuteAsync($"create role \"{login}\" login password '{logins._password}'");
        var options = new JobsRoleOptions { Prefix = logins.Prefix };
        options.ClientLogins.Add(logins.Client);
        options.WorkerLogins.Add(logins.Worker);
        options.AdminLogins.Add(logins.Admin);
        logins.Roles = await Task.Run(() => new JobsMigrator(JobsDatabase.Postgres, db.ConnectionString, db.Schema).CreateRoles(options));
        return logins;
    }

    /// <summary>A connection string of <paramref name="login"/> to the test database.</summary>
    public string ConnectionString(string login)
        => new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Username = login, Password = _password }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // Every role whose name holds the prefix (the groups are missing when CreateRoles failed).
        var existing = await ExistingAsync();
        if (existing.Count > 0)
        {
            var names = string.Join(", ", existing.Select(r => $"\"{r}\""));
            await _db.ExecuteAsync($"drop owned by {names} cascade; drop role {names}");
        }
    }

    private async Task<List<string>> ExistingAsync()
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select rolname from pg_roles where rolname like @p order by rolname", conn);
        cmd.Parameters.AddWithValue("p", "%" + Prefix + "%");
        var names = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) names.Add(r.GetString(0));
        return names;
    }
}
