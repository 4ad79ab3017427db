using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jobs.Postgres.Tests;

/// <summary>Logs nothing; completes <see cref="First"/> with the first permission-denied error any component logs.</summary>
internal sealed class PermissionDeniedLog : ILoggerProvider, ILogger
{
    private readonly TaskCompletionSource<PostgresException> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<PostgresException> First => _first.Task;

    public ILogger CreateLogger(string categoryName) => this;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } p) _first.TrySetResult(p);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Dispose() { }
}
