using LiteLlm.Admin;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Plans;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>
/// A disable: the users listed by email in a CSV (or in a reviewed plan) are taken out of use
/// without being deleted — every key of theirs that is not blocked yet is blocked, their role becomes
/// <c>internal_user_viewer</c> (no new keys), and a record on the user says what was done, so
/// <see cref="EnableJob"/> undoes exactly that. Same matching, guards, plans, journal and outputs as
/// a delete. Read the input first (<see cref="ReadInput"/> or <see cref="LoadPlan"/>), then <see cref="RunAsync"/>.
/// </summary>
public sealed record DisableJob : RunSettings
{
    private IReadOnlyList<EmailInputRow>? _rows;
    private DisablePlanDocument? _plan;

    /// <summary>Creates the settings with the default file names.</summary>
    public DisableJob()
    {
        ResultFile = "user_disable_result.csv";
        ErrorFile = "user_disable_error.csv";
    }

    /// <summary>The statuses of rows that succeed (their tally words): <c>Disabled</c>, <c>Disabled (already)</c>.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [DisableRow.Disabled, DisableRow.AlreadyDisabled];

    /// <summary>Input CSV (an <c>email</c> column, as delete's).</summary>
    public required string CsvFile { get; init; }

    /// <summary>Disable every user of an email that several users share.</summary>
    public bool AllMatches { get; init; }

    /// <summary>How emails are resolved.</summary>
    public ResolutionStrategy Strategy { get; init; }

    /// <summary>A reviewed plan to apply instead of reading and resolving the CSV.</summary>
    public string? PlanFile { get; init; }

    /// <summary>A plan older than this is refused.</summary>
    public TimeSpan MaxPlanAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>With <see cref="RunSettings.PlanOut"/>: the plan demands an approval. With <see cref="PlanFile"/>: refuse a plan that is not approved.</summary>
    public bool RequireApproval { get; init; }

    /// <summary>Reads and checks <see cref="CsvFile"/> (nothing is sent).</summary>
    /// <exception cref="InputException">The file is unusable or lists no email.</exception>
    public InputSummary ReadInput()
    {
        var input = EmailInput.Read(CsvFile);
        _rows = input.Rows;
        return input.Summary;
    }

    /// <summary>Reads <see cref="PlanFile"/> and checks that it may be applied to <paramref name="baseUrl"/> now, approved as required.</summary>
    /// <returns>What the plan holds, in words.</returns>
    /// <exception cref="InputException">Missing, not a disable plan, for another proxy, too old, dated in the future, or not approved as required.</exception>
    public string LoadPlan(Uri baseUrl)
    {
        var path = PlanFile ?? throw new InvalidOperationException("No plan file.");
        _plan = DisablePlanDocument.Load(path, baseUrl, MaxPlanAge, Time.GetUtcNow());
        var signature = PlanApproval.Check(path, RequireApproval);
        Safety?.NotePlan(signature);
        return PlanApproval.Describe(_plan, signature, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_plan.UsersToDisable} users to disable"));
    }

    /// <summary>Runs the disable over the input read before.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight (a grace period after <paramref name="stop"/>).</param>
    /// <returns>The run's result, with a dry run's line per row as its decisions.</returns>
    public async Task<RunResult<string>> RunAsync(LiteLlmAdminClient client, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort)
    {
        if (_rows is null && _plan is null)
        {
            throw new InvalidOperationException("Read the input (ReadInput or LoadPlan) first.");
        }

        var result = await RunRunner.RunAsync(new DisableVerb(new RunContext(client, Concurrency, log, progress), this, _rows, _plan), stop, abort).ConfigureAwait(false);
        return result.With<string>([.. result.Decisions.Select(DisableVerb.Preview)]);
    }
}
