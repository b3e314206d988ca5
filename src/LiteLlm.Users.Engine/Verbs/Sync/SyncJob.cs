using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
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

    /// <summary>Runs the sync over the roster read before.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public Task<RunResult<SyncDecision>> RunAsync(LiteLlmAdminClient client, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort) =>
        RunRunner.RunAsync(new SyncVerb(new RunContext(client, Concurrency, log, progress), this, _rows ?? throw new InvalidOperationException("Read the roster first.")), stop, abort);

    /// <summary>How an action or status is written in the result file (upper case, as sync_user.py did).</summary>
    public static string Word<T>(T value)
        where T : struct, Enum => SyncRow.Word(value);

    /// <summary>The tally word of result rows with this action and status (see <see cref="RunResult.Count"/>).</summary>
    public static string Tally(SyncAction action, SyncStatus status) => SyncRow.TallyOf(action, status);
}
