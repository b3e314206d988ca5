using LiteLlm.Admin;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>Settings of a restore.</summary>
public sealed record RestoreJobOptions : RunSettings
{
    /// <summary>Creates the settings with the default result file.</summary>
    public RestoreJobOptions()
    {
        ResultFile = "user_restore_result.csv";
    }

    /// <summary>The backup file (JSON lines).</summary>
    public required string BackupFile { get; init; }

    /// <summary>Only these emails (ignoring case and spaces); null = every user in the file.</summary>
    public IReadOnlyCollection<string>? Only { get; init; }
}

/// <summary>What a restore did: the run's result, and every user's row (restore shows them all).</summary>
/// <param name="Run">The run's result.</param>
/// <param name="Rows">One row per user of the backup (after --only), in file order, --only emails not in it first.</param>
public sealed record RestoreResult(RunResult<RestoreDecision> Run, IReadOnlyList<RestoreRow> Rows);

/// <summary>
/// Recreates users from a backup. A user whose id or email exists on the proxy is never overwritten.
/// A dry run sends no request that changes anything and writes no file; an interrupted run is
/// resumed from its journal and never creates a user twice.
/// </summary>
public static class RestoreJob
{
    /// <summary>Restores the users of <paramref name="entries"/> (read from <see cref="RestoreJobOptions.BackupFile"/>).</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="options">The settings.</param>
    /// <param name="entries">The backup's records.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="stop">Ctrl+C: start no new user; the one in progress is finished (its teams too).</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public static async Task<RestoreResult> RunAsync(LiteLlmAdminClient client, RestoreJobOptions options, IReadOnlyList<BackupEntry> entries, IRunLog? log, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(entries);
        var verb = new RestoreVerb(new RunContext(client, options.Concurrency, log, null), options, entries);
        var result = await RunRunner.RunAsync(verb, stop, abort).ConfigureAwait(false);
        return new RestoreResult(result, verb.Rows);
    }
}
