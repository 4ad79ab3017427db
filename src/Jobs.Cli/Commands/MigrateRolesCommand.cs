using System.CommandLine;
using System.Data.Common;
using Jobs.Cli.Output;
using Jobs.Migrations;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs migrate roles</c>: creates the schema's least-privilege group roles (client, worker, admin) and their grants
/// (<see cref="JobsMigrator.CreateRoles"/>), idempotently; <c>--script</c> prints the SQL instead.
/// </summary>
internal static class MigrateRolesCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var prefix = new Option<string?>("--prefix")
        {
            Description = "Start of the role names (PREFIX_client, PREFIX_worker, PREFIX_admin). Default: the schema's name.",
            HelpName = "name",
        };
        var client = Logins("--client-login", "client (enqueue, read results)");
        var worker = Logins("--worker-login", "worker (run jobs)");
        var admin = Logins("--admin-login", "admin (console, dashboard)");
        var script = new Option<bool>("--script") { Description = "Print the SQL instead of running it." };
        var roles = new Command("roles",
            "Create the least-privilege roles PREFIX_client, PREFIX_worker and PREFIX_admin (PostgreSQL) and grant them their "
            + "rights; run it as the migrating login, again after every 'migrate up'.") { prefix, client, worker, admin, script };
        return roles.WithAction(globals, (ctx, ct) => Task.Run(() =>
        {
            var options = new JobsRoleOptions { Prefix = ctx.Get(prefix) };
            foreach (var l in ctx.Get(client) ?? []) options.ClientLogins.Add(l);
            foreach (var l in ctx.Get(worker) ?? []) options.WorkerLogins.Add(l);
            foreach (var l in ctx.Get(admin) ?? []) options.AdminLogins.Add(l);
            Run(ctx, options, ctx.Get(script));
            return ExitCodes.Success;
        }, ct));
    }

    private const string UndefinedObject = "42704";
    private const string InsufficientPrivilege = "42501";

    private static Option<string[]> Logins(string name, string role) => new(name)
    {
        Description = $"An existing login to make a member of the {role} role (repeatable).",
        HelpName = "login",
        DefaultValueFactory = _ => [],
    };

    private static void Run(CliContext ctx, JobsRoleOptions options, bool scriptOnly)
    {
        var migrator = ctx.Provider.CreateMigrator();
        try
        {
            if (scriptOnly)
            {
                var sql = migrator.RolesScript(options);
                if (ctx.Json) JsonOutput.Write(new { sql });
                else Terminal.Line(sql.TrimEnd());
                return;
            }
            var roles = migrator.CreateRoles(options);
            if (ctx.Json)
            {
                JsonOutput.Write(new { roles.Client, roles.Worker, roles.Admin });
                return;
            }
            Terminal.Line($"roles {roles.Client}, {roles.Worker} and {roles.Admin} are ready on {ctx.Provider.Description}");
            foreach (var (role, logins) in new[] { (roles.Client, options.ClientLogins), (roles.Worker, options.WorkerLogins), (roles.Admin, options.AdminLogins) })
                if (logins.Count > 0) Terminal.Line($"{role}: granted to {string.Join(", ", logins)}");
        }
        catch (NotSupportedException ex)
        {
            throw CliException.Usage(ex.Message);
        }
        catch (DbException ex) when (ex.SqlState == UndefinedObject)
        {
            throw CliException.Usage($"{ex.Message.ReplaceLineEndings(" ")} (a login given to --client-login, --worker-login or --admin-login must exist: create it first)");
        }
        catch (DbException ex) when (ex.SqlState == InsufficientPrivilege)
        {
            throw CliException.Usage($"{ex.Message.ReplaceLineEndings(" ")} (run 'jobs migrate roles' as the login that ran 'jobs migrate up', with the CREATEROLE attribute)");
        }
    }
}
