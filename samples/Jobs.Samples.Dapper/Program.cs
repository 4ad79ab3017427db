// Transactional enqueue with Dapper on SQLite (no server needed):
//   dotnet run --project samples/Jobs.Samples.Dapper [-- "Data Source=orders-demo.db"]
using Jobs;
using Jobs.Migrations;
using Jobs.Samples.Dapper;
using Jobs.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var connectionString = args.Length > 0 ? args[0] : "Data Source=orders-demo.db";
new JobsMigrator(JobsDatabase.Sqlite, connectionString).MigrateUp();

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddJobs(jobs =>
{
    jobs.UseSqlite(connectionString);
    jobs.AddTask<ConfirmOrder, string>("orders.confirm", (order, ctx) => Task.FromResult($"order {order.OrderId} confirmed (attempt {ctx.Attempt})"));
    jobs.AddWorker();
});
builder.Services.AddSingleton<OrderService>();
using var host = builder.Build();
await host.StartAsync();

await using var connection = new SqliteConnection(connectionString);
await connection.OpenAsync();
await OrderService.CreateTableAsync(connection);
var shop = host.Services.GetRequiredService<OrderService>();

var before = await OrderService.CountAsync(connection);
var placed = await shop.PlaceOrderAsync(connection, new Order(Guid.NewGuid().ToString("N"), "ACME", 99.90m));
var rejected = await shop.PlaceOrderAsync(connection, new Order(Guid.NewGuid().ToString("N"), "ACME", 0m));
Console.WriteLine($"orders: {before} -> {await OrderService.CountAsync(connection)} (the rejected order and its job were rolled back: {rejected is null})");
Console.WriteLine(await placed!.GetAsync<string>(TimeSpan.FromSeconds(30)));

await host.StopAsync();
