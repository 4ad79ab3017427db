using System.CommandLine;
using Jobs.Cli.Migrations;
using Jobs.Cli.Output;
using Jobs.Migrations;

namespace Jobs.Cli.Commands;

/// <summary><c>jobs migrate up|down|status|script|roles</c>: creates, removes and inspects the Jobs tables and their roles.</summary>
internal static class MigrateCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var migrate = new Command("migrate", "Create, remove or inspect the Jobs tables (FluentMigrator).");

        migrate.Add(new Command("up", "Apply every pending migration.").WithAction(globals, (ctx, ct) => Run(ctx, ct, Up)));

        var to = CliOptions.OptionalInteger("--to", "Revert down to this version. Default: 0, which removes every Jobs table.", 0, long.MaxValue);
        var down = new Command("down", "Revert migrations (by default all: the Jobs tables and their jobs are dropped).") { to };
        migrate.Add(down.WithAction(globals, (ctx, ct) => Run(ctx, ct, m => Down(ctx, m, ctx.Get(to) ?? 0))));

        migrate.Add(new Command("status", "List the migrations and whether each is applied.")
            .WithAction(globals, (ctx, ct) => Run(ctx, ct, m => Status(ctx, m), inspectOnly: true)));

        migrate.Add(new Command("script",
                "Print the SQL that 'migrate up' would run, without running it (sqlserver without --connection: the complete schema, no server needed).")
            .WithAction(globals, (ctx, ct) => Task.Run(() =>
            {
                Script(ctx);
                return ExitCodes.Success;
            }, ct)));

        migrate.Add(MigrateRolesCommand.Create(globals));
        return migrate;
    }

    private static Task<int> Run(CliContext ctx, CancellationToken ct, Action<JobsMigrator> action, bool inspectOnly = false)
        => Task.Run(() =>
        {
            action(ctx.Provider.CreateMigrator(inspectOnly));
            return ExitCodes.Success;
        }, ct);

    private static void Up(JobsMigrator migrator)
    {
        var before = migrator.Status();
        migrator.MigrateUp();
        var applied = before.Where(m => !m.Applied).ToList();
        Terminal.Line(applied.Count == 0
            ? $"already up to date (version {Latest(before)})"
            : $"applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => $"{m.Version} {m.Description}"))}");
    }

    private static void Down(CliContext ctx, JobsMigrator migrator, long to)
    {
        var before = migrator.Status();
        migrator.MigrateDown(to);
        var reverted = before.Count(m => m.Applied && m.Version > to);
        Terminal.Line(reverted == 0 ? $"nothing to revert in {ctx.Provider.Description}" : $"reverted {reverted} migration(s); now at version {to}");
    }

    private static void Status(CliContext ctx, JobsMigrator migrator)
    {
        var status = migrator.Status();
        if (ctx.Json)
        {
            JsonOutput.Write(status);
            return;
        }
        var table = Terminal.Table("version", "description", "applied").Numeric(0);
        foreach (var m in status) table.AddCells(m.Version, m.Description, m.Applied ? "yes" : "no");
        Terminal.Write(table);
        var pending = status.Count(m => !m.Applied);
        Terminal.Line(pending == 0 ? "up to date" : $"{pending} pending: run 'jobs migrate up'");
    }

    private static void Script(CliContext ctx)
    {
        var sql = MigrationScript.Generate(ctx.Provider);
        if (ctx.Json) JsonOutput.Write(new { sql });
        else Terminal.Line(string.IsNullOrWhiteSpace(sql) ? "-- the database is up to date: nothing to apply" : sql.TrimEnd());
    }

    private static long Latest(IReadOnlyList<MigrationState> status) => status.Where(m => m.Applied).Select(m => m.Version).DefaultIfEmpty(0).Max();
}
