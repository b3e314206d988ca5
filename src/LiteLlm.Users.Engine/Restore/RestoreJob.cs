using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LiteLlm.Admin;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Delete;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Reporting;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Restore;

/// <summary>What happened (or, in a dry run, would happen) to one user of the backup.</summary>
public enum RestoreStatus
{
    /// <summary>The user and all its team memberships are back.</summary>
    Restored,

    /// <summary>The user is back, but some team memberships are not.</summary>
    PartlyRestored,

    /// <summary>Not restored: a user with the same id or email exists (again), or the row repeats another.</summary>
    Refused,

    /// <summary>Not restored: the proxy refused or failed.</summary>
    Failed,

    /// <summary>Not reached: the run was cancelled or could not go on.</summary>
    NotProcessed,
}

/// <summary>One row of the restore's result.</summary>
/// <param name="Line">Line of the backup file (0 for an --only email that is not in it).</param>
/// <param name="Email">The user's email.</param>
/// <param name="UserId">The user's id.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Restored">What was (or would be) restored, in words.</param>
/// <param name="NotRestored">What cannot be restored, in words (keys always: their secrets are gone).</param>
/// <param name="Reason">Why the row was refused or failed.</param>
public sealed record RestoreRow(int Line, string? Email, string? UserId, RestoreStatus Status, string Restored, string NotRestored, string? Reason);

/// <summary>Settings of a restore.</summary>
public sealed record RestoreJobOptions
{
    /// <summary>The backup file (JSON lines).</summary>
    public required string BackupFile { get; init; }

    /// <summary>Only these emails (ignoring case and spaces); null = every user in the file.</summary>
    public IReadOnlyCollection<string>? Only { get; init; }

    /// <summary>The result CSV.</summary>
    public string ResultFile { get; init; } = "user_restore_result.csv";

    /// <summary>Check and report; change nothing and write no file.</summary>
    public bool DryRun { get; init; }

    /// <summary>Parallel listings when checking which users exist.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Told before and after every change (audit).</summary>
    public IReadOnlyList<IChangeObserver> Observers { get; init; } = [];
}

/// <summary>What a restore did.</summary>
public sealed class RestoreJobResult
{
    /// <summary>How it ended.</summary>
    public RunStatus Status { get; init; }

    /// <summary>One row per user of the backup (after --only), in file order.</summary>
    public IReadOnlyList<RestoreRow> Rows { get; init; } = [];

    /// <summary>Why the run could not go on.</summary>
    public string? FatalReason { get; init; }

    /// <summary>What to do about it.</summary>
    public string? FatalFix { get; init; }

    /// <summary>Wall time.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>
/// Recreates users from a backup: the same user_id, email, role, alias, budgets, spend, limits,
/// models, metadata and SSO id with <c>/user/new</c> (<c>auto_create_key: false</c>), then each
/// team membership with its role with <c>/team/member_add</c>. A user whose id or email exists on
/// the proxy is never overwritten. Keys cannot come back (LiteLLM keeps only their hashes, the
/// backup not even those), nor, here, organisation memberships: each row says so.
/// </summary>
public sealed class RestoreJob
{
    /// <summary>Columns of the result file.</summary>
    public static readonly IReadOnlyList<string> ResultHeader = ["email", "user_id", "status", "restored", "not_restored", "reason"];

    private readonly LiteLlmAdminClient _client;
    private readonly RestoreJobOptions _options;
    private readonly IRunLog _log;
    private readonly UserDirectory _directory;

    /// <summary>Creates a restore.</summary>
    public RestoreJob(LiteLlmAdminClient client, RestoreJobOptions options, IRunLog? log = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? NullRunLog.Instance;
        _directory = new UserDirectory(client, options.Concurrency, _log);
    }

    /// <summary>The words for a status in the result file.</summary>
    public static string Word(RestoreStatus status) => status switch
    {
        RestoreStatus.PartlyRestored => "Partly restored",
        RestoreStatus.NotProcessed => "Not processed",
        _ => status.ToString(),
    };

    /// <summary>Runs the restore over the entries of the backup file.</summary>
    /// <param name="entries">The backup's records.</param>
    /// <param name="stop">Ctrl+C: start no new user; the one in progress is finished (its teams too).</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public async Task<RestoreJobResult> RunAsync(IReadOnlyList<BackupEntry> entries, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var clock = Stopwatch.StartNew();
        var (selected, missing) = Select(entries);
        using var output = _options.DryRun ? null : new OutcomeFile(_options.ResultFile, ResultHeader, _client.Redactor);
        var rows = new List<RestoreRow>();

        void Emit(RestoreRow row)
        {
            rows.Add(row);
            output?.Append(row.Line, [row.Email, row.UserId, Word(row.Status), row.Restored, row.NotRestored, row.Reason]);
        }

        foreach (var email in missing)
        {
            Emit(new RestoreRow(0, email, null, RestoreStatus.Failed, string.Empty, string.Empty, "Not in the backup file"));
        }

        LiteLlmRequestFailedException? fatal = null;
        try
        {
            // Check the proxy, then which users exist (again): by id and by email.
            var total = await _directory.ProbeTotalAsync(abort).ConfigureAwait(false);
            var byId = await _directory.FetchByIdsAsync(selected.Select(e => e.Record.User.UserId), abort).ConfigureAwait(false);
            var emails = selected.Select(e => e.Record.User.UserEmail).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!).ToList();
            var byEmail = await _directory.ResolveAsync(emails, total, ResolutionStrategy.Auto, abort).ConfigureAwait(false);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in selected)
            {
                var user = entry.Record.User;
                var refusal = seen.TryGetValue(user.UserId, out var first)
                    ? string.Create(CultureInfo.InvariantCulture, $"Duplicate user in the backup (first on line {first})")
                    : Refusal(user, byId, byEmail);
                seen.TryAdd(user.UserId, entry.Line);
                if (fatal is not null || stop.IsCancellationRequested)
                {
                    Emit(Row(entry, RestoreStatus.NotProcessed, string.Empty, fatal is null ? "Not processed: the run was cancelled" : FailureReasons.Describe(fatal, FailedWords)));
                }
                else if (refusal is not null)
                {
                    Emit(Row(entry, RestoreStatus.Refused, string.Empty, refusal));
                }
                else if (_options.DryRun)
                {
                    Emit(Row(entry, RestoreStatus.Restored, Describe(entry.Record.Teams), null));
                }
                else
                {
                    try
                    {
                        Emit(await RestoreAsync(entry, abort).ConfigureAwait(false));
                    }
                    catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
                    {
                        fatal = failure;
                        Emit(Row(entry, RestoreStatus.Failed, string.Empty, FailureReasons.Describe(failure, FailedWords)));
                    }
                }
            }
        }
        catch (LiteLlmRequestFailedException failure)
        {
            // The proxy could not be checked: nothing was changed.
            fatal = failure;
            foreach (var entry in selected.Where(e => !rows.Exists(r => r.Line == e.Line)))
            {
                Emit(Row(entry, RestoreStatus.NotProcessed, string.Empty, FailureReasons.Describe(failure, FailedWords)));
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested || stop.IsCancellationRequested)
        {
            foreach (var entry in selected.Where(e => !rows.Exists(r => r.Line == e.Line)))
            {
                Emit(Row(entry, RestoreStatus.NotProcessed, string.Empty, "Not processed: the run was cancelled"));
            }
        }

        output?.Complete();
        var status = fatal is not null ? RunStatus.CouldNotRun
            : stop.IsCancellationRequested && rows.Exists(r => r.Status == RestoreStatus.NotProcessed) ? RunStatus.Cancelled
            : rows.TrueForAll(r => r.Status == RestoreStatus.Restored) ? RunStatus.Completed
            : RunStatus.CompletedWithErrors;
        return new RestoreJobResult
        {
            Status = status,
            Rows = [.. rows.OrderBy(r => r.Line)],
            FatalReason = fatal is null ? null : FailureReasons.Describe(fatal, FailedWords),
            FatalFix = fatal is null ? null : FailureReasons.Fix(fatal),
            Elapsed = clock.Elapsed,
        };
    }

    private const string FailedWords = "Failed to restore user (API error)";

    private (List<BackupEntry> Selected, List<string> Missing) Select(IReadOnlyList<BackupEntry> entries)
    {
        if (_options.Only is null)
        {
            return ([.. entries], []);
        }

        var wanted = _options.Only.Select(EmailKey.Normalize).Where(e => e.Length > 0).ToHashSet(StringComparer.Ordinal);
        var selected = entries.Where(e => wanted.Contains(EmailKey.Normalize(e.Record.User.UserEmail))).ToList();
        var found = selected.Select(e => EmailKey.Normalize(e.Record.User.UserEmail)).ToHashSet(StringComparer.Ordinal);
        return (selected, [.. _options.Only.Where(e => !found.Contains(EmailKey.Normalize(e)))]);
    }

    private static string? Refusal(LiteLlmUser user, IReadOnlyDictionary<string, LiteLlmUser> byId, Resolution byEmail)
    {
        if (byId.ContainsKey(user.UserId))
        {
            return "A user with this user_id exists (again); it is not overwritten";
        }

        var sameEmail = string.IsNullOrWhiteSpace(user.UserEmail) ? [] : byEmail.For(user.UserEmail);
        return sameEmail.Count > 0
            ? $"A user with this email exists (again) as user_id {string.Join(", ", sameEmail.Select(u => u.UserId))}; it is not overwritten"
            : null;
    }

    private async Task<RestoreRow> RestoreAsync(BackupEntry entry, CancellationToken cancellationToken)
    {
        var record = entry.Record;
        var user = record.User;
        await _options.Observers.BeforeAsync(ChangeKind.Restore, [user], cancellationToken).ConfigureAwait(false);
        try
        {
            await _client.Users.CreateAsync(ToCreateRequest(user), cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (!FailureReasons.IsFatal(failure))
        {
            var reason = failure.Status == 409
                ? "Refused by the proxy (it exists again): HTTP 409: " + failure.ServerMessage
                : FailureReasons.Describe(failure, FailedWords);
            _options.Observers.After(new ChangeRecord(ChangeKind.Restore, user.UserId, user.UserEmail, false, reason));
            return Row(entry, failure.Status == 409 ? RestoreStatus.Refused : RestoreStatus.Failed, string.Empty, reason);
        }

        _options.Observers.After(new ChangeRecord(ChangeKind.Restore, user.UserId, user.UserEmail, true, "Restored"));
        var joined = new List<BackupTeamMembership>();
        var problems = new List<string>();
        foreach (var team in record.Teams)
        {
            var role = team.Role ?? "user";
            await _options.Observers.BeforeAsync(ChangeKind.TeamAdd, [user], cancellationToken).ConfigureAwait(false);
            try
            {
                await _client.Teams.AddMemberAsync(team.TeamId, new TeamMember { UserId = user.UserId, Role = role }, cancellationToken).ConfigureAwait(false);
                joined.Add(team);
                _options.Observers.After(new ChangeRecord(ChangeKind.TeamAdd, user.UserId, user.UserEmail, true, $"Added to team {team.TeamId} as {role}"));
            }
            catch (LiteLlmRequestFailedException failure) when (!FailureReasons.IsFatal(failure))
            {
                var reason = $"team {team.TeamId} ({role}): {FailureReasons.Describe(failure, "Failed to add to team (API error)")}";
                problems.Add(reason);
                _options.Observers.After(new ChangeRecord(ChangeKind.TeamAdd, user.UserId, user.UserEmail, false, reason));
            }
        }

        return problems.Count == 0
            ? Row(entry, RestoreStatus.Restored, Describe(joined), null)
            : Row(entry, RestoreStatus.PartlyRestored, Describe(joined), string.Join("; ", problems));
    }

    /// <summary>The <c>/user/new</c> body that recreates the row: every field LiteLLM lets a caller set, no key.</summary>
    public static CreateUserRequest ToCreateRequest(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new CreateUserRequest
        {
            UserId = user.UserId,
            UserEmail = user.UserEmail,
            UserAlias = user.UserAlias,
            UserRole = user.UserRole,
            MaxBudget = user.MaxBudget,
            BudgetDuration = user.BudgetDuration,
            Models = user.Models,
            Metadata = user.Metadata,
            TpmLimit = user.TpmLimit,
            RpmLimit = user.RpmLimit,
            MaxParallelRequests = Extra(user, "max_parallel_requests") is { ValueKind: JsonValueKind.Number } parallel ? parallel.GetInt64() : null,
            Spend = user.Spend,
            SsoUserId = user.SsoUserId,
            AutoCreateKey = false,
        };
    }

    private static JsonElement? Extra(LiteLlmUser user, string name) =>
        user.AdditionalProperties is { } extra && extra.TryGetValue(name, out var value) ? value : null;

    private static RestoreRow Row(BackupEntry entry, RestoreStatus status, string restored, string? reason) =>
        new(
            entry.Line,
            entry.Record.User.UserEmail,
            entry.Record.User.UserId,
            status,
            restored,
            status is RestoreStatus.Restored or RestoreStatus.PartlyRestored ? NotRestorable(entry.Record) : string.Empty,
            reason);

    private static string Describe(IEnumerable<BackupTeamMembership> teams)
    {
        var text = "user (id, email, role, alias, budget, spend, limits, models, metadata)";
        var list = teams.Select(t => $"{t.TeamId} ({t.Role ?? "user"})").ToList();
        return list.Count == 0 ? text : $"{text}; teams: {string.Join(", ", list)}";
    }

    /// <summary>What a restore can never bring back for this record, in words.</summary>
    public static string NotRestorable(BackupRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var parts = new List<string>();
        if (record.Keys.Count > 0)
        {
            var names = string.Join(", ", record.Keys.Select(k => k.KeyAlias ?? k.KeyName ?? "unnamed"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{record.Keys.Count} keys ({names}): a key cannot be recreated with its secret; issue new keys"));
        }

        if (record.Organizations is { Count: > 0 } orgs)
        {
            parts.Add($"organisation memberships ({string.Join(", ", orgs.Select(o => $"{o.OrganizationId} as {o.UserRole ?? "member"}"))}): not restored; re-add them with /organization/member_add");
        }

        parts.AddRange(record.Gaps ?? []);
        return string.Join("; ", parts);
    }
}
