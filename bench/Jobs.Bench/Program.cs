// The standard workload (bench/README.md) for Jobs on PostgreSQL and SQLite, the raw-SQL baseline and the peers, in one run.
// dotnet run -c Release --project bench/Jobs.Bench -- [--quick] [--only E1,D,A,...] [--systems jobs,baseline,hangfire,...] [--explain]
using System.CommandLine;
using Jobs.Bench;

var quick = new Option<bool>("--quick") { Description = "Small sizes: every scenario in well under 90 s (the CI smoke test; no thresholds)." };
var only = new Option<string?>("--only") { Description = "Scenarios to run, e.g. E1,EB,D (default: all of E1,E8,EB,D,L,S and A, JobAdmin on a big table: Jobs only)." };
var systems = new Option<string?>("--systems")
{
    Description = "Systems to run: baseline, jobs (both stores), jobs-postgres, jobs-sqlite, jobs-postgres-hmac|ecdsa|ed25519 and jobs-sqlite-hmac|ecdsa|ed25519 (signing on), peers (all of them), " +
                  "graphile-worker, pgboss, hangfire, celery (both brokers), celery-redis, celery-postgres. Default: all.",
};
var postgres = new Option<string?>("--postgres") { Description = "An Npgsql connection string to a server to use instead of a throwaway local cluster." };
var json = new Option<string?>("--json") { Description = "Also append the JSON result lines to this file." };
var profile = new Option<bool>("--profile") { Description = "Print each system's top statements from pg_stat_statements (calls, time, rows, WAL) after it runs." };
var explain = new Option<bool>("--explain") { Description = "Scenario A: print the plan of each admin statement (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite) on stderr." };
var root = new RootCommand("Runs the standard job-queue workload against Jobs, a raw-SQL baseline and peer systems, and prints the table.")
{
    quick, only, systems, postgres, json, profile, explain,
};
root.SetAction((parse, ct) => BenchRunner.RunAsync(new BenchOptions(
    parse.GetValue(quick), parse.GetValue(only), parse.GetValue(systems), parse.GetValue(postgres), parse.GetValue(json), parse.GetValue(profile), parse.GetValue(explain)), ct));
return await root.Parse(args).InvokeAsync();
