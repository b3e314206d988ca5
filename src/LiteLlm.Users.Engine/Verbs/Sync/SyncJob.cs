using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Plans;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>
/// A sync: makes the proxy's users match a roster CSV. Nothing is changed before the whole plan is
/// made and every guard passed; removals come last, so an interrupted run never removed before it
/// added. A dry run sends no request that changes anything and writes no file. An interrupted run is
/// resumed from its journal and never creates or deletes anything twice. Read the roster first
/// (<see cref="ReadInput"/>), then <see cref="RunAsync"/>.
/// </summary>
public sealed record SyncJob : RunSettings
{
    /// <summary>Reason of every row when the user list kept changing while it was read.</summary>
    public const string UnsettledReason = "Refused: the user list kept changing while it was read, so the plan could not be trusted; nothing was changed. Run it again";

    private IReadOnlyList<UserInputRow>? _rows;
    private IReadOnlySet<string>? _approvedRemovals;

    /// <summary>Creates the settings with sync_user.py's file name.</summary>
    public SyncJob()
    {
        ResultFile = "user_sync_result.csv";
    }

    /// <summary>The roster CSV (the same columns as add's).</summary>
    public required string CsvFile { get; init; }

    /// <summary>Role of new users whose row has none (never proxy_admin by default).</summary>
    public string DefaultRole { get; init; } = UserInput.DefaultRole;

    /// <summary>Which changes the run makes.</summary>
    public SyncMode Mode { get; init; } = new();

    /// <summary>Which route creates users.</summary>
    public UserWriteRoute CreateEndpoint { get; init; }

    /// <summary>Which route deletes users.</summary>
    public UserWriteRoute DeleteEndpoint { get; init; }

    /// <summary>A reviewed plan of the same roster: the run removes only users that plan removes (others are SKIPPED).</summary>
    public string? PlanFile { get; init; }

    /// <summary>A plan older than this is refused.</summary>
    public TimeSpan MaxPlanAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>With <see cref="RunSettings.PlanOut"/>: the plan demands an approval. With <see cref="PlanFile"/>: refuse a plan that is not approved.</summary>
    public bool RequireApproval { get; init; }

    /// <summary>Reads and checks the roster (nothing is sent).</summary>
    /// <exception cref="InputException">The roster is unusable, or holds no user (an empty roster would make every user a removal candidate).</exception>
    public InputSummary ReadInput()
    {
        var rows = UserInput.Read(CsvFile);
        if (rows.All(r => r.Email.Length == 0))
        {
            throw new InputException($"No users found in '{CsvFile}': an empty roster is refused.");
        }

        _rows = rows;
        return UserInput.Summarize(rows);
    }

    /// <summary>
    /// Reads <see cref="PlanFile"/>, a reviewed sync plan, and checks that it may be applied here and
    /// now: this proxy, not too old, made from the same roster bytes as <see cref="CsvFile"/>, with the
    /// same removal mode, approved as required. The run then removes only the users it removes.
    /// </summary>
    /// <returns>What the plan holds, in words.</returns>
    /// <exception cref="InputException">The plan cannot be applied (see above).</exception>
    public string LoadPlan(Uri baseUrl)
    {
        var path = PlanFile ?? throw new InvalidOperationException("No plan file.");
        var plan = SyncPlanDocument.Load(path, baseUrl, MaxPlanAge, Time.GetUtcNow());
        if (!string.Equals(plan.CsvSha256, RunIdentity.Sha256Of(CsvFile), StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException($"Refused: plan '{path}' was made from another roster than '{CsvFile}' (its SHA-256 differs). Make a new plan of this roster with --dry-run --plan-out.");
        }

        var removals = plan.Rows.Where(r => r.Action is SyncAction.Deleted or SyncAction.Disabled && r.Status == SyncStatus.Planned && r.UserId is not null).ToList();
        if (removals.Any(r => r.Action != Mode.RemovalAction))
        {
            throw new InputException($"Refused: plan '{path}' was made with another --remove-mode (it would {(Mode.DisableRemovals ? "delete" : "disable")} users); run with the mode it was made with, or make a new plan.");
        }

        var signature = PlanApproval.Check(path, RequireApproval);
        Safety?.NotePlan(signature);
        _approvedRemovals = removals.Select(r => r.UserId!).ToHashSet(StringComparer.Ordinal);
        return PlanApproval.Describe(plan, signature, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{removals.Count} users to {(Mode.DisableRemovals ? "disable" : "delete")}"));
    }

    /// <summary>Runs the sync over the roster read before.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public Task<RunResult<SyncDecision>> RunAsync(LiteLlmAdminClient client, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort) =>
        RunRunner.RunAsync(new SyncVerb(new RunContext(client, Concurrency, log, progress), this, _rows ?? throw new InvalidOperationException("Read the roster first."), _approvedRemovals), stop, abort);

    /// <summary>How an action or status is written in the result file (upper case, as sync_user.py did).</summary>
    public static string Word<T>(T value)
        where T : struct, Enum => SyncRow.Word(value);

    /// <summary>The tally word of result rows with this action and status (see <see cref="RunResult.Count"/>).</summary>
    public static string Tally(SyncAction action, SyncStatus status) => SyncRow.TallyOf(action, status);
}
