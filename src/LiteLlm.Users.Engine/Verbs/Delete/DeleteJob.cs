using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>Settings of a delete run.</summary>
public sealed record DeleteJobOptions : RunSettings
{
    /// <summary>Creates the settings with the manual's file names.</summary>
    public DeleteJobOptions()
    {
        ResultFile = "user_del_result.csv";
        ErrorFile = "user_del_error.csv";
    }

    /// <summary>Input CSV.</summary>
    public required string CsvFile { get; init; }

    /// <summary>Delete every user of an email that several users share.</summary>
    public bool AllMatches { get; init; }

    /// <summary>Ids per delete request; null = 100 for /user/delete, 500 for the v1 bulk route.</summary>
    public int? BatchSize { get; init; }

    /// <summary>How emails are resolved.</summary>
    public ResolutionStrategy Strategy { get; init; }

    /// <summary>Which delete route.</summary>
    public UserWriteRoute Endpoint { get; init; }

    /// <summary>A reviewed plan to apply instead of reading and resolving the CSV.</summary>
    public string? PlanFile { get; init; }

    /// <summary>A plan older than this is refused.</summary>
    public TimeSpan MaxPlanAge { get; init; } = TimeSpan.FromHours(24);
}

/// <summary>
/// Deletes the users listed by email in a CSV, or the users of a reviewed plan. Every input row ends
/// in exactly one output row; a dry run sends no request that changes anything and writes no file;
/// an interrupted run is resumed from its journal.
/// </summary>
public static class DeleteJob
{
    /// <summary>Deletes the users of <paramref name="rows"/> (read from <see cref="DeleteJobOptions.CsvFile"/>).</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="options">The settings.</param>
    /// <param name="rows">The rows of the CSV.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight (a grace period after <paramref name="stop"/>).</param>
    public static Task<RunResult<DeleteDecision>> RunAsync(LiteLlmAdminClient client, DeleteJobOptions options, IReadOnlyList<DeleteInputRow> rows, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rows);
        return RunRunner.RunAsync(new DeleteVerb(new RunContext(client, options.Concurrency, log, progress), options, rows, null), stop, abort);
    }

    /// <summary>Applies a reviewed plan (already loaded and checked): exactly its delete rows' users are deleted, after a re-check.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="options">The settings (<see cref="DeleteJobOptions.PlanFile"/> names the plan).</param>
    /// <param name="plan">The plan.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public static Task<RunResult<DeleteDecision>> RunAsync(LiteLlmAdminClient client, DeleteJobOptions options, DeletePlanDocument plan, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        return RunRunner.RunAsync(new DeleteVerb(new RunContext(client, options.Concurrency, log, progress), options, null, plan), stop, abort);
    }
}
