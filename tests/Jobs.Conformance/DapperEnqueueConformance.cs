using System.Data.Common;
using Dapper;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Transactional enqueue with Dapper: a business row and its job are written in one transaction, or neither is.</summary>
public abstract class DapperEnqueueConformance : ConformanceBase
{
    public sealed record Order(string Id, string Customer, decimal Total);

    private readonly string _orders = "orders_" + Guid.NewGuid().ToString("N")[..12];

    private async Task<DbConnection> OpenAsync()
    {
        var conn = await Harness.OpenConnectionAsync();
        await conn.ExecuteAsync($"create table if not exists {_orders} (id varchar(40) primary key, customer varchar(100) not null, total decimal(12, 2) not null)");
        return conn;
    }

    /// <summary>What an application does: insert the order and enqueue its confirmation in the caller's transaction.</summary>
    private async Task<AsyncResult> PlaceOrderAsync(DbConnection conn, DbTransaction tx, Order order)
    {
        await conn.ExecuteAsync($"insert into {_orders} (id, customer, total) values (@Id, @Customer, @Total)", order, tx);
        return await Client.EnqueueAsync(tx, "test.echo", new EchoArgs(1, order.Id));
    }

    [Fact]
    public async Task Rollback_leaves_neither_the_order_nor_its_job()
    {
        await using var conn = await OpenAsync();
        AsyncResult job;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            job = await PlaceOrderAsync(conn, tx, new Order("o-1", "ACME", 12.50m));
            await tx.RollbackAsync();
        }
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>($"select count(*) from {_orders}"));
        Assert.Null(await job.GetInfoAsync());
    }

    [Fact]
    public async Task Commit_leaves_both_and_the_job_runs()
    {
        await StartWorkerAsync();
        await using var conn = await OpenAsync();
        AsyncResult job;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            job = await PlaceOrderAsync(conn, tx, new Order("o-2", "ACME", 99.90m));
            await tx.CommitAsync();
        }
        var order = Assert.Single(await conn.QueryAsync<(string Id, string Customer)>($"select id, customer from {_orders}"));
        Assert.Equal(("o-2", "ACME"), order);
        Assert.Equal(new EchoArgs(1, "o-2"), await job.GetAsync<EchoArgs>(TimeSpan.FromSeconds(30)));
    }
}
