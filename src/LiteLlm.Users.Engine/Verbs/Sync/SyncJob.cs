using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>Settings of a sync run.</summary>
public sealed record SyncJobOptions : RunSettings
{
    /// <summary>Creates the settings with sync_user.py's file name.</summary>
    public SyncJobOptions()
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
}

/// <summary>
/// Makes the proxy's users match a roster CSV: nothing is changed before the whole plan is made and
/// every guard passed; removals come last, so an interrupted run never removed before it added. A
/// dry run sends no request that changes anything and writes no file. An interrupted run is resumed
/// from its journal and never creates or deletes anything twice.
/// </summary>
public static class SyncJob
{
    /// <summary>Reason of every row when the user list kept changing while it was read.</summary>
    public const string UnsettledReason = "Refused: the user list kept changing while it was read, so the plan could not be trusted; nothing was changed. Run it again";

    /// <summary>Makes the users match the roster <paramref name="rows"/> (read from <see cref="SyncJobOptions.CsvFile"/>).</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="options">The settings.</param>
    /// <param name="rows">The roster.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    /// <exception cref="InputException">The roster holds no user (an empty roster would make every user a removal candidate).</exception>
    public static Task<RunResult<SyncDecision>> RunAsync(LiteLlmAdminClient client, SyncJobOptions options, IReadOnlyList<UserInputRow> rows, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.All(r => r.Email.Length == 0))
        {
            throw new InputException($"No users found in '{options.CsvFile}': an empty roster is refused.");
        }

        return RunRunner.RunAsync(new SyncVerb(new RunContext(client, options.Concurrency, log, progress), options, rows), stop, abort);
    }

    /// <summary>How an action or status is written in the result file (upper case, as sync_user.py did).</summary>
    public static string Word<T>(T value)
        where T : struct, Enum => SyncRow.Word(value);

    /// <summary>The tally word of result rows with this action and status (see <see cref="RunResult.Count"/>).</summary>
    public static string Tally(SyncAction action, SyncStatus status) => SyncRow.TallyOf(action, status);
}
