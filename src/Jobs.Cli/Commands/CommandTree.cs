using System.CommandLine;
using System.CommandLine.Help;

namespace Jobs.Cli.Commands;

/// <summary>The <c>jobs</c> root command with its global options and every subcommand.</summary>
internal static class CommandTree
{
    public static Command Create()
    {
        var globals = new GlobalOptions();
        // A plain command named "jobs" (RootCommand would take the name of the dll, Jobs.Cli).
        var root = new Command("jobs", "The admin console of Jobs, a task queue whose broker and result store is your SQL database.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        globals.AddTo(root);
        root.Add(MigrateCommand.Create(globals));
        root.Add(WorkerCommand.Create(globals));
        root.Add(BeatCommand.Create(globals));
        root.Add(ScheduleCommand.Create(globals));
        root.Add(RateLimitCommand.Create(globals));
        root.Add(ConcurrencyCommand.Create(globals));
        root.Add(EnqueueCommand.Create(globals));
        root.Add(StatusCommand.Create(globals));
        root.Add(ResultCommand.Create(globals));
        root.Add(ListCommand.Create(globals));
        root.Add(QueuesCommand.Create(globals));
        root.Add(QueueCommand.Create(globals));
        root.Add(RetryCommand.Create(globals));
        root.Add(RevokeCommand.Create(globals));
        root.Add(PurgeCommand.Create(globals));
        root.Add(InspectCommand.Create(globals));
        root.Add(ControlCommand.Create(globals));
        root.Add(EventsCommand.Create(globals));
        root.Add(TopCommand.Create(globals));
        root.Add(ReportCommand.Create(globals));
        root.Add(DashboardCommand.Create(globals));
        root.Add(DemoCommand.Create(globals));
        root.Add(KeysCommand.Create(globals));
        return root;
    }
}
