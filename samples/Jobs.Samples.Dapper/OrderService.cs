using System.Data.Common;
using Dapper;
using Jobs;

namespace Jobs.Samples.Dapper;

/// <summary>An order, a row of the application's own <c>orders</c> table.</summary>
public sealed record Order(string Id, string Customer, decimal Total);

/// <summary>The confirmation job's arguments.</summary>
public sealed record ConfirmOrder(string OrderId);

/// <summary>
/// Writes an order with Dapper and enqueues its confirmation job in the same transaction: after a commit both exist,
/// after a rollback (or a crash before the commit) neither does. No outbox table, no two-phase commit: the job queue
/// lives in the application's database.
/// </summary>
public sealed class OrderService(IJobClient jobs)
{
    /// <summary>The application's table (portable SQL: PostgreSQL and SQLite).</summary>
    public static Task CreateTableAsync(DbConnection connection)
        => connection.ExecuteAsync("create table if not exists orders (id varchar(40) primary key, customer varchar(100) not null, total decimal(12, 2) not null)");

    /// <summary>Inserts the order and enqueues <c>orders.confirm</c> in one transaction; rolls both back when <paramref name="order"/> is invalid.</summary>
    public async Task<AsyncResult?> PlaceOrderAsync(DbConnection connection, Order order, CancellationToken ct = default)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into orders (id, customer, total) values (@Id, @Customer, @Total)", order, tx, cancellationToken: ct));
        var job = await jobs.EnqueueAsync(tx, "orders.confirm", new ConfirmOrder(order.Id), cancellationToken: ct);
        if (order.Total <= 0)
        {
            await tx.RollbackAsync(ct); // neither the order nor its job exists now
            return null;
        }
        await tx.CommitAsync(ct);
        return job;
    }

    /// <summary>How many orders are stored.</summary>
    public static Task<long> CountAsync(DbConnection connection) => connection.ExecuteScalarAsync<long>("select count(*) from orders");
}
