using LiteLlm.Admin;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>
/// A restore: recreates users from a backup. A user whose id or email exists on the proxy is never
/// overwritten. A dry run sends no request that changes anything and writes no file; an interrupted
/// run is resumed from its journal and never creates a user twice. Read the backup first
/// (<see cref="ReadInput"/>), then <see cref="RunAsync"/>; the result has one row per user.
/// </summary>
public sealed record RestoreJob : RunSettings
{
    private IReadOnlyList<BackupEntry>? _entries;

    /// <summary>Creates the settings with the default result file.</summary>
    public RestoreJob()
    {
        ResultFile = "user_restore_result.csv";
    }

    /// <summary>The backup file (JSON lines).</summary>
    public required string BackupFile { get; init; }

    /// <summary>Only these emails (ignoring case and spaces); null = every user in the file.</summary>
    public IReadOnlyCollection<string>? Only { get; init; }

    /// <summary>Reads and checks the backup (nothing is sent).</summary>
    /// <exception cref="InputException">The file is missing, or a line is not a backup record.</exception>
    public InputSummary ReadInput()
    {
        _entries = Restore.BackupFile.Read(BackupFile);
        return new InputSummary(_entries.Count, _entries.Select(e => e.Record.User.UserId).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>The proxies the backup's users were taken from (each record's <c>base_url</c>, distinct, in file order); empty before <see cref="ReadInput"/>.</summary>
    public IReadOnlyList<string> SourceProxies => _entries is null ? [] : [.. _entries.Select(e => e.Record.BaseUrl).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>Restores the users of the backup read before.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="stop">Ctrl+C: start no new user; the one in progress is finished (its teams too).</param>
    /// <param name="abort">Give up on requests in flight.</param>
    /// <returns>The run's result, with one row per user of the backup (after --only) as its decisions, --only emails not in it first.</returns>
    public async Task<RunResult<RestoreRow>> RunAsync(LiteLlmAdminClient client, IRunLog? log, CancellationToken stop, CancellationToken abort)
    {
        var verb = new RestoreVerb(new RunContext(client, Concurrency, log, null), this, _entries ?? throw new InvalidOperationException("Read the backup first."));
        var result = await RunRunner.RunAsync(verb, stop, abort).ConfigureAwait(false);
        return result.With(verb.Rows);
    }
}
