using System.Data.Common;
using Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// What README fragments may use without declaring it: the variables of ReadmeSnippet and the types of this namespace.
// Every fragment compiles as the body of a class derived from ReadmeSnippet (see SnippetCompiler): a snippet's own
// locals, lambda parameters and types shadow these, so a snippet that declares `var app = ...` or its own
// `record ReportRequest` uses its own. Keep this small: a name belongs here only when a README snippet uses it and a
// reader's app would plainly have it.
namespace ReadmeContext;

/// <summary>The variables and helpers a README fragment may use. The run tests fill in the ones they can
/// (Jobs.Readme.Tests.ReadmeRunTests); compiling needs only their types.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "The README's variable names.")]
public abstract class ReadmeSnippet
{
    // An app: its configuration, host builder, services and the Jobs options inside AddJobs(jobs => ...).
    protected internal string[] args = [];
    protected internal string connectionString = "";
    protected internal WebApplicationBuilder builder = null!;
    protected internal WebApplication app = null!;
    protected internal IServiceCollection services = null!;
    protected internal IServiceProvider provider = null!;
    protected internal JobsOptions jobs = null!;
    protected internal ILogger log = null!;

    // The client side: a client, an open connection to the app's database, ids of jobs.
    protected internal IJobClient client = null!;
    protected internal DbConnection connection = null!;
    protected internal Guid id;
    protected internal Guid jobId;

    // The app's own data that the snippets pass as job arguments.
    protected internal ReportRequest req = new("ACME", 2026);
    protected internal Email email = new("ada@example.com", "Welcome");
    protected internal Order order = new(Guid.CreateVersion7(), "ACME", 42m);
    protected internal Guid userId = Guid.CreateVersion7();
    protected internal IEnumerable<User> users = [new(Guid.CreateVersion7()), new(Guid.CreateVersion7())];
    protected internal string to = "ada@example.com";
    protected internal string[] files = ["a.png", "b.png"];
    protected internal string[] recipients = ["ada@example.com", "alan@example.com"];
    protected internal ReportRequest[] parts = [new("ACME", 2025), new("ACME", 2026)];

    // The app's own services that the snippets' tasks call.
    protected internal IErp erp = null!;
    protected internal IMetrics metrics = null!;

    /// <summary>A task body of the README's <c>jobs.AddTask&lt;ReportRequest, Report&gt;(name, RunAsync)</c>.</summary>
    protected internal static Task<Report> RunAsync(ReportRequest args, JobContext context) => Task.FromResult(new Report(args.Customer, args.Year, 0m));

    /// <summary>A task body of the README's <c>jobs.AddTask&lt;Email, bool&gt;(name, SendAsync)</c>.</summary>
    protected internal static Task<bool> SendAsync(Email email, JobContext context) => Task.FromResult(true);

    /// <summary>The snippet's statements (generated).</summary>
    public abstract Task ExecuteSnippetAsync();
}

public sealed record ReportRequest(string Customer, int Year);
public sealed record Report(string Customer, int Year, decimal Total);
public sealed record Email(string To, string Subject);
public sealed record Invoice(Guid Id, decimal Amount);
public sealed record Receipt(string? To);
public sealed record Order(Guid Id, string Customer, decimal Total);
public sealed record ConfirmOrder(Guid OrderId);
public sealed record User(Guid Id);

/// <summary>The quick start's report data source (its <c>GenerateReport</c> task takes one from DI).</summary>
public interface IReportData
{
    Task<decimal> TotalAsync(string customer, int year, CancellationToken cancellationToken);
}

/// <summary>The retry snippet's external system.</summary>
public interface IErp
{
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
    Task<string> SyncAsync(Invoice invoice, CancellationToken cancellationToken);
}

/// <summary>The events snippet's metrics sink.</summary>
public interface IMetrics
{
    void Record(string type, string? task, double? runtime);
}

/// <summary>The middleware snippet's ambient tenant.</summary>
public interface ITenantContext
{
    IDisposable Enter(string queue);
}
