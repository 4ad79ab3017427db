using System.Text;
using FluentMigrator.Runner;
using Microsoft.Extensions.Logging;

namespace Jobs.Migrations;

/// <summary>
/// Collects what a preview-mode FluentMigrator run would execute: each SQL statement, terminated, and each
/// migration's heading as a <c>--</c> comment. Everything else FluentMigrator says is dropped.
/// </summary>
internal sealed class SqlScriptCollector : ILoggerProvider, ILogger
{
    private readonly StringBuilder _sql = new();

    public string Sql { get { lock (_sql) return _sql.ToString(); } }

    public ILogger CreateLogger(string categoryName) => this;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception).Trim();
        if (text.Length == 0) return;
        lock (_sql)
        {
            if (eventId == RunnerEventIds.Sql)
                _sql.Append(text).Append(text.EndsWith(';') ? "" : ";").Append("\n\n");
            else if (eventId == RunnerEventIds.Heading && text.Contains(" migrating", StringComparison.Ordinal))
                _sql.Append("-- ").Append(text.TrimEnd('=', ' ')).Append('\n');
        }
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Dispose() { }
}
