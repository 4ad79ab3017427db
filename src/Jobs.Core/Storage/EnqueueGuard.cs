using System.Data;
using System.Data.Common;

namespace Jobs.Storage;

/// <summary>The checks every store makes before enqueueing on a caller's connection, with one wording.</summary>
internal static class EnqueueGuard
{
    public static void CheckConnection(DbConnection connection, DbTransaction? transaction)
    {
        if (connection.State != ConnectionState.Open)
            throw new ArgumentException("The connection to enqueue on must be open.", nameof(connection));
        if (transaction is { Connection: null })
            throw new InvalidOperationException("The transaction to enqueue in has already been committed or rolled back.");
        if (transaction is not null && !ReferenceEquals(transaction.Connection, connection))
            throw new ArgumentException("The transaction to enqueue in belongs to another connection.", nameof(transaction));
    }

    /// <summary>The message for a connection or transaction of another database (each store's type check).</summary>
    public static ArgumentException WrongType(string store, string expected, object given, string parameter)
        => new($"The {store} store can only {(parameter == "transaction" ? "join" : "enqueue on")} {expected}, not {given.GetType().Name}.", parameter);
}
