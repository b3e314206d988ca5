using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Bench;

/// <summary>
/// Runs one scenario R times: each run gets a fresh sandbox in this process, seeded with the scenario's users,
/// and one CLI process that deletes the CSV's users; then the journal, the store and the CLI's summary are read.
/// </summary>
internal sealed class ScenarioRunner
{
    private const double Mb = 1024 * 1024;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(15);

    private readonly BenchOptions _options;
    private readonly CliBuild _cli;
    private readonly LatencyModel _model;
    private readonly TextWriter _progress;

    public ScenarioRunner(BenchOptions options, CliBuild cli, LatencyModel model, TextWriter progress)
    {
        _options = options;
        _cli = cli;
        _model = model;
        _progress = progress;
    }

    /// <summary>Whether every run so far deleted exactly the deletable users and reported every row.</summary>
    public bool AllCorrect { get; private set; } = true;

    /// <summary>
    /// One unmeasured run of the CLI against a small server, so the sandbox's code in this process is
    /// compiled (to tier 1) before anything is measured: a real proxy is a warm, long-running server, and
    /// a cold one would take CPU from the CLI on a small machine. Also warms the file cache for the CLI.
    /// Returns null when the run was correct, else what went wrong (the build is not measured then).
    /// </summary>
    public async Task<string?> WarmUpAsync()
    {
        var scenario = new Scenario("warm-up", 20_000, 2_000, MaxRatioToBound: null, MaxPeakWorkingSetMb: null);
        var dataset = Dataset.Generate(scenario.Users, scenario.Emails, _options.Seed);
        var run = await RunOnceAsync(scenario, dataset, 1).ConfigureAwait(false);
        await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{_cli.Name}: warm-up run (not measured): {scenario.Users} users, {scenario.Emails} emails, {run.WallSeconds:0.000} s, {(run.Correct ? "correct" : "INCORRECT")}")).ConfigureAwait(false);
        AllCorrect &= run.Correct;
        var lines = run.Cli.OutputTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var why = lines.FirstOrDefault(l => l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)) ?? lines.LastOrDefault();
        return run.Correct ? null : string.Create(CultureInfo.InvariantCulture, $"the warm-up run was incorrect (exit {run.Cli.ExitCode}): {why}");
    }

    public async Task<JsonObject> RunAsync(Scenario scenario)
    {
        var dataset = Dataset.Generate(scenario.Users, scenario.Emails, _options.Seed + scenario.Users, scenario.UnknownShare, scenario.AmbiguousShare);
        var deletable = dataset.DeletableIds.Count;
        var bound = CostModel.LowerBound(_model, scenario.Users, scenario.Emails, dataset.MatchedUsers, deletable);
        var runs = new List<RunResult>();
        var count = _options.Runs ?? scenario.DefaultRuns;
        for (var r = 1; r <= count; r++)
        {
            var run = await RunOnceAsync(scenario, dataset, r).ConfigureAwait(false);
            runs.Add(run);
            AllCorrect &= run.Correct;
            await _progress.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{_cli.Name}: scenario {scenario.Name} run {r}/{count}: wall {run.WallSeconds:0.000} s, ratio to bound {run.WallSeconds / bound.Seconds:0.00}, CLI CPU {run.Cli.CpuSeconds:0.00} s, peak {run.PeakWorkingSetMb:0.0} MB, exit {run.Cli.ExitCode}, {(run.Correct ? "correct" : "INCORRECT")}")).ConfigureAwait(false);
        }

        var byWall = runs.OrderBy(r => r.WallSeconds).ToList();
        var typical = byWall[(byWall.Count - 1) / 2];
        var wall = Median(runs.Select(r => r.WallSeconds));
        var peakMb = Median(runs.Select(r => r.PeakWorkingSetMb));
        var ratio = wall / bound.Seconds;
        var original = CostModel.OriginalScriptSeconds(_model, scenario.Emails);

        var result = new JsonObject
        {
            ["scenario"] = scenario.Name,
            ["build"] = _cli.Name,
            ["users"] = scenario.Users,
            ["emails"] = scenario.Emails,
            ["concurrency"] = _options.Concurrency,
            ["server_slots"] = _model.Slots,
            ["concurrency_note"] = _options.Concurrency == _model.Slots
                ? string.Create(CultureInfo.InvariantCulture, $"the CLI ran with --concurrency {_options.Concurrency}, matching the server's {_model.Slots} slots")
                : string.Create(CultureInfo.InvariantCulture, $"the CLI ran with --concurrency {_options.Concurrency}; the server has {_model.Slots} slots"),
            ["base_ms"] = _model.BaseMs,
            ["per_item_ms"] = _model.PerItemMs,
            ["management_v1"] = _options.ManagementV1,
            ["data"] = new JsonObject
            {
                ["seed"] = _options.Seed + scenario.Users,
                ["unknown_emails"] = dataset.Unknown,
                ["ambiguous_emails"] = dataset.Ambiguous,
                ["upper_cased_rows"] = dataset.UpperCased,
                ["rows_with_spaces"] = dataset.Spaced,
                ["capitalized_on_server"] = dataset.CapitalizedOnServer,
                ["matched_users"] = dataset.MatchedUsers,
                ["expected_deletable"] = deletable,
                ["expected_failed_rows"] = dataset.ExpectedFailedRows,
            },
            ["runs_count"] = runs.Count,
            ["wall_s"] = Round(wall),
            ["lower_bound_s"] = Round(bound.Seconds),
            ["ratio_to_bound"] = Round(ratio),
            ["lower_bound"] = new JsonObject
            {
                ["snapshot_ms"] = Round(bound.SnapshotMs),
                ["lookups_ms"] = Round(bound.LookupsMs),
                ["resolution_ms"] = Round(bound.ResolutionMs),
                ["resolution_by"] = bound.ResolutionBy,
                ["deletion_ms"] = Round(bound.DeletionMs),
                ["formula"] = "(min(ceil(U/100)*base + U*per_item, N*base + matched_users*per_item) + (base + D*per_item)) / S / 1000",
            },
            ["original_script_model_s"] = Round(original),
            ["speedup_vs_original_script"] = Round(original / wall),
            ["peak_working_set_mb"] = Round(peakMb, 1),
            ["vmhwm_polled_mb"] = Round(Median(runs.Select(r => r.Cli.PolledPeakBytes / Mb)), 1),
            ["cli_cpu_s"] = Round(Median(runs.Select(r => r.Cli.CpuSeconds))),
            ["cli_cpu_polled_s"] = Round(Median(runs.Select(r => r.Cli.PolledCpuSeconds))),
            ["server_cpu_s"] = Round(Median(runs.Select(r => r.Host.ServerCpuSeconds))),
            ["cli_startup_note"] = "wall_s includes starting the CLI process; see the build's startup_s",
            ["exit_code"] = typical.Cli.ExitCode,
            ["rows_deleted"] = typical.RowsDeleted,
            ["rows_failed"] = typical.RowsFailed,
            ["strategy"] = typical.Strategy,
            ["endpoint"] = typical.Endpoint,
            ["requests"] = typical.Requests(),
            ["request_mix_s"] = Round(typical.RequestMixSeconds),
            ["correct"] = runs.All(r => r.Correct),
            ["targets"] = Targets(scenario, ratio, peakMb),
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)r.ToJson(bound))]),
        };
        return result;
    }

    private async Task<RunResult> RunOnceAsync(Scenario scenario, Dataset dataset, int number)
    {
        var key = "sk-bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var server = await SandboxServer.StartAsync(new SandboxOptions
        {
            MasterKey = key,
            Port = 0,
            MaxConcurrentRequests = _model.Slots,
            BaseLatencyMs = _model.BaseMs,
            PerItemLatencyMs = _model.PerItemMs,
            EnableManagementV1 = _options.ManagementV1,
        }).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            server.Store.AddUsers(dataset.ServerUsers.Count, i => dataset.ServerUsers[i]);
            await WarmUpAsync(server, key).ConfigureAwait(false);
            var work = Directory.CreateTempSubdirectory("litellm-users-bench-");
            try
            {
                var csv = Path.Combine(work.FullName, "delete.csv");
                await File.WriteAllTextAsync(csv, dataset.CsvText()).ConfigureAwait(false);
                var summaryPath = Path.Combine(work.FullName, "summary.json");
                string[] args =
                [
                    "delete",
                    "--csv-file", csv,
                    "--base-url", server.BaseAddress.ToString(),
                    "--concurrency", _options.Concurrency.ToString(CultureInfo.InvariantCulture),
                    "--result-file", Path.Combine(work.FullName, "result.csv"),
                    "--error-file", Path.Combine(work.FullName, "error.csv"),
                    "--summary-json", summaryPath,
                    // The scenario deletes thousands of users on purpose: raise the default guard (100 users / 25%).
                    "--max-delete", "100%",
                    // The safety net stays on, as in a real run (unless --cli-arg --no-backup); its files go to the run's folder.
                    .. (_options.CliArgs.Contains("--no-backup") ? Array.Empty<string>() : ["--backup-dir", Path.Combine(work.FullName, "backups")]),
                    "--audit-log", Path.Combine(work.FullName, "audit.jsonl"),
                    .. _options.CliArgs,
                ];

                // The seeding garbage must not be collected while the CLI runs against this process's server.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();

                // The key goes by environment, never on the command line.
                var environment = new Dictionary<string, string>(_options.CliEnvironment, StringComparer.Ordinal) { ["LITELLM_MASTER_KEY"] = key };
                var log = _options.KeepDirectory is null ? null : Path.Combine(work.FullName, "cli.log");
                var load = CliProcess.LoadAverage();
                using var self = Process.GetCurrentProcess();
                var cpuBefore = self.TotalProcessorTime;
                var pauseBefore = GC.GetTotalPauseDuration();
                var gen2Before = GC.CollectionCount(2);
                var cli = await CliProcess.RunAsync(_cli, args, environment, work.FullName, RunTimeout, log).ConfigureAwait(false);
                self.Refresh();
                var host = new HostFigures(load, (self.TotalProcessorTime - cpuBefore).TotalSeconds, (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds, GC.CollectionCount(2) - gen2Before);
                var summary = File.Exists(summaryPath) ? JsonNode.Parse(await File.ReadAllTextAsync(summaryPath).ConfigureAwait(false)) as JsonObject : null;
                var run = new RunResult(number, cli, host, summary, server.Journal.Entries, server.Store.Deletions.Select(d => d.UserId).ToHashSet(StringComparer.Ordinal), server.Store.UserCount, dataset, _model);
                if (!run.Correct)
                {
                    await _progress.WriteLineAsync("CLI output (tail):\n" + cli.OutputTail).ConfigureAwait(false);
                }

                return run;
            }
            finally
            {
                if (_options.KeepDirectory is { } keep)
                {
                    var target = Path.Combine(keep, string.Create(CultureInfo.InvariantCulture, $"{_cli.Name}-{scenario.Name}-run{number}"));
                    Directory.CreateDirectory(keep);
                    if (Directory.Exists(target))
                    {
                        Directory.Delete(target, recursive: true);
                    }

                    work.MoveTo(target);
                }
                else
                {
                    work.Delete(recursive: true);
                }
            }
        }
    }

    /// <summary>
    /// Sends the kinds of request the CLI will send (a probe, a page, a route probe, a delete of an unknown id,
    /// which changes nothing) so the server's first-call JIT is not billed to the CLI, then clears the journal.
    /// A real proxy is warm.
    /// </summary>
    private static async Task WarmUpAsync(SandboxServer server, string key)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        string[] gets = ["/user/list?page_size=1", "/user/list?page=2&page_size=100&sort_by=user_id", "/management/v1/users/bulk_delete"];
        foreach (var path in gets)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        }

        using var body = new StringContent("{\"user_ids\": [\"bench-warm-up-no-such-user\"]}", System.Text.Encoding.UTF8, "application/json");
        using (await http.PostAsync(new Uri("/user/delete", UriKind.Relative), body).ConfigureAwait(false))
        {
        }

        if (server.Store.Deletions.Count != 0)
        {
            throw new InvalidOperationException("The warm-up deleted a user.");
        }

        // The server journals a request just after answering it: wait for all four before clearing.
        for (var waited = 0; server.Journal.Entries.Count < gets.Length + 1 && waited < 200; waited++)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        server.Journal.Clear();
    }

    private static JsonObject Targets(Scenario scenario, double ratio, double peakMb)
    {
        var targets = new JsonObject();
        if (scenario.MaxRatioToBound is { } maxRatio)
        {
            targets["ratio_to_bound"] = new JsonObject { ["max"] = maxRatio, ["value"] = Round(ratio), ["met"] = ratio <= maxRatio };
        }

        if (scenario.MaxPeakWorkingSetMb is { } maxMb)
        {
            targets["peak_working_set_mb"] = new JsonObject { ["max"] = maxMb, ["value"] = Round(peakMb, 1), ["met"] = peakMb <= maxMb };
        }

        return targets;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    internal static double Round(double value, int digits = 3) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
