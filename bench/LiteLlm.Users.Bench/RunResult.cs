using System.Text.Json.Nodes;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Bench;

/// <summary>What the benchmark's own process saw during a run.</summary>
/// <param name="LoadAverage">The machine's 1-minute load average when the run started (other work skews timings).</param>
/// <param name="ServerCpuSeconds">CPU time this process (the sandbox, mostly) used while the CLI ran.</param>
/// <param name="ServerGcPauseSeconds">Time this process's GC paused it while the CLI ran (the sandbox answers nothing then).</param>
/// <param name="ServerGen2Collections">Full collections of this process while the CLI ran.</param>
internal sealed record HostFigures(double LoadAverage, double ServerCpuSeconds, double ServerGcPauseSeconds, int ServerGen2Collections);

/// <summary>One run of the CLI against a fresh sandbox: what it cost and whether it did exactly the job.</summary>
internal sealed class RunResult
{
    private const double Mb = 1024 * 1024;

    private readonly IReadOnlyList<JournalEntry> _entries;

    public RunResult(int number, CliRun cli, HostFigures host, JsonObject? summary, IReadOnlyList<JournalEntry> entries, IReadOnlySet<string> deletedIds, int usersLeft, Dataset dataset, LatencyModel model)
    {
        Number = number;
        Cli = cli;
        Host = host;
        Summary = summary;
        _entries = entries;
        RequestMixSeconds = CostModel.RequestMixSeconds(model, entries, dataset);

        var deletable = dataset.DeletableIds;
        DeletedExpected = deletedIds.Count(deletable.Contains);
        DeletedUnlisted = deletedIds.Count - DeletedExpected;
        NotDeleted = deletable.Count - DeletedExpected;
        UsersLeft = usersLeft;
        UsersLeftExpected = dataset.ServerUsers.Count - deletable.Count;
        RowsDeleted = (int?)summary?["succeeded"];
        RowsFailed = (int?)summary?["failed"];
        ExpectedExitCode = dataset.ExpectedFailedRows > 0 ? 2 : 0;
        Correct = NotDeleted == 0 && DeletedUnlisted == 0 && UsersLeft == UsersLeftExpected
            && RowsDeleted == deletable.Count && RowsFailed == dataset.ExpectedFailedRows && cli.ExitCode == ExpectedExitCode;
    }

    public int Number { get; }

    public CliRun Cli { get; }

    public HostFigures Host { get; }

    public JsonObject? Summary { get; }

    public double WallSeconds => Cli.WallSeconds;

    /// <summary>From the CLI's own --summary-json (the runtime's peak working set, i.e. VmHWM on Linux).</summary>
    public double PeakWorkingSetMb => ((long?)Summary?["peak_working_set_bytes"] ?? 0) / Mb;

    public double RequestMixSeconds { get; }

    public int DeletedExpected { get; }

    public int DeletedUnlisted { get; }

    public int NotDeleted { get; }

    public int UsersLeft { get; }

    public int UsersLeftExpected { get; }

    public int? RowsDeleted { get; }

    public int? RowsFailed { get; }

    public int ExpectedExitCode { get; }

    public bool Correct { get; }

    public string? Strategy => (string?)Summary?["strategy"];

    public string? Endpoint => (string?)Summary?["endpoint"];

    /// <summary>Requests by <c>METHOD /path</c>, as the sandbox's journal counted them.</summary>
    public JsonObject Requests()
    {
        var requests = new JsonObject();
        foreach (var group in _entries.GroupBy(e => e.Method + " " + e.Path, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            requests[group.Key] = group.Count();
        }

        requests["total"] = _entries.Count;
        return requests;
    }

    public JsonObject ToJson(LowerBound bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        return new JsonObject
        {
            ["run"] = Number,
            ["wall_s"] = ScenarioRunner.Round(WallSeconds),
            ["ratio_to_bound"] = ScenarioRunner.Round(WallSeconds / bound.Seconds),
            ["cli_elapsed_s"] = Summary?["elapsed_s"]?.DeepClone(),
            ["exit_code"] = Cli.ExitCode,
            ["rows_deleted"] = RowsDeleted,
            ["rows_failed"] = RowsFailed,
            ["peak_working_set_mb"] = ScenarioRunner.Round(PeakWorkingSetMb, 1),
            ["vmhwm_polled_mb"] = ScenarioRunner.Round(Cli.PolledPeakBytes / Mb, 1),
            ["cli_cpu_s"] = ScenarioRunner.Round(Cli.CpuSeconds),
            ["cli_cpu_polled_s"] = ScenarioRunner.Round(Cli.PolledCpuSeconds),
            ["server_cpu_s"] = ScenarioRunner.Round(Host.ServerCpuSeconds),
            ["server_gc_pause_s"] = ScenarioRunner.Round(Host.ServerGcPauseSeconds),
            ["server_gen2_collections"] = Host.ServerGen2Collections,
            ["load_average_at_start"] = Host.LoadAverage,
            ["strategy"] = Strategy,
            ["endpoint"] = Endpoint,
            ["requests"] = Requests(),
            ["cli_requests"] = Summary?["requests"]?.DeepClone(),
            ["retries"] = Summary?["retries"]?.DeepClone(),
            ["request_mix_s"] = ScenarioRunner.Round(RequestMixSeconds),
            ["timeline_s"] = Timeline(),
            ["correct"] = Correct,
            ["correctness"] = new JsonObject
            {
                ["deleted_listed"] = DeletedExpected,
                ["deleted_unlisted"] = DeletedUnlisted,
                ["not_deleted"] = NotDeleted,
                ["users_left"] = UsersLeft,
                ["users_left_expected"] = UsersLeftExpected,
                ["expected_exit_code"] = ExpectedExitCode,
            },
        };
    }

    /// <summary>When requests arrived, in seconds since the CLI process was started: first and last per route.</summary>
    private JsonObject Timeline()
    {
        double Since(DateTimeOffset at) => ScenarioRunner.Round((at - Cli.Started).TotalSeconds);
        var timeline = new JsonObject();
        if (_entries.Count == 0)
        {
            return timeline;
        }

        timeline["first_request"] = Since(_entries.Min(e => e.At));
        timeline["last_request"] = Since(_entries.Max(e => e.At));
        timeline["exit"] = ScenarioRunner.Round(Cli.WallSeconds);
        foreach (var group in _entries.GroupBy(e => e.Method + " " + e.Path, StringComparer.Ordinal).OrderBy(g => g.Min(e => e.At)))
        {
            timeline[group.Key] = new JsonArray(Since(group.Min(e => e.At)), Since(group.Max(e => e.At)));
        }

        return timeline;
    }
}
