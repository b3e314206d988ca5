using System.Globalization;
using System.Text;
using System.Text.Json;
using LiteLlm.Admin;
using LiteLlm.Admin.Keys;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// The backup taken before users are deleted: an <see cref="IChangeObserver"/> that appends one
/// <see cref="BackupRecord"/> per user to a JSON-lines file, and fsyncs it, before the delete
/// request is sent; if the backup cannot be taken, the delete is not sent. The file is created
/// on the first delete (a dry run or a run that deletes nothing leaves none).
/// </summary>
/// <remarks>
/// Cost: the user rows come with the call (the resolution's <c>/user/list</c> rows, unknown fields
/// included); teams come from one <c>/team/list</c> and organisation memberships from one
/// <c>/organization/list</c>, each read once per run on first need; keys as <see cref="KeyIndex"/>
/// says. A batch that is retried is not written twice.
/// </remarks>
internal sealed class UserBackup : IChangeObserver, IDisposable
{
    private readonly LiteLlmAdminClient _client;
    private readonly UserBackupOptions _options;
    private readonly IRunLog _log;
    private readonly TimeProvider _time;
    private readonly KeyIndex _keys;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private Dictionary<string, LiteLlmTeam>? _teams;
    private (ILookup<string, BackupOrganizationMembership>? ByUser, string? Problem)? _organizations;
    private FileStream? _file;

    /// <summary>Creates the observer; nothing is read or written until the first delete.</summary>
    public UserBackup(LiteLlmAdminClient client, UserBackupOptions options, IRunLog? log = null, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? NullRunLog.Instance;
        _time = time ?? TimeProvider.System;
        _keys = new KeyIndex(client, options.Concurrency, _log);
    }

    /// <summary>The backup file, once created.</summary>
    public string? Path { get; private set; }

    /// <summary>Users written to it.</summary>
    public int Count
    {
        get
        {
            lock (_written)
            {
                return _written.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask BeforeChangeAsync(ChangeKind kind, IReadOnlyList<LiteLlmUser> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (kind != ChangeKind.Delete)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<LiteLlmUser> fresh;
            lock (_written)
            {
                fresh = [.. users.Where(u => !_written.Contains(u.UserId)).DistinctBy(u => u.UserId, StringComparer.Ordinal)];
            }

            if (fresh.Count == 0)
            {
                return;
            }

            var records = await CollectAsync(fresh, cancellationToken).ConfigureAwait(false);
            try
            {
                Write(records);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // No backup, no delete: stop the run the way a rejected key does, saying what failed here (not the proxy).
                var where = Path ?? System.IO.Path.GetFullPath(_options.Folder);
                var why = ex is UnauthorizedAccessException ? "permission denied" : ex.Message;
                throw new RunAbortedException(
                    $"Cannot write the backup: {where}: {why}; nothing more is deleted",
                    "make the folder writable, or choose another with --backup-dir (or run with --no-backup, and no deleted user can be restored)",
                    ex);
            }

            lock (_written)
            {
                _written.UnionWith(fresh.Select(u => u.UserId));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void AfterChange(ChangeRecord record)
    {
        // The backup is complete before the change; outcomes are the audit log's business.
    }

    private async Task<List<BackupRecord>> CollectAsync(List<LiteLlmUser> users, CancellationToken cancellationToken)
    {
        if (_teams is null && users.Any(u => u.Teams is { Count: > 0 }))
        {
            var teams = await _client.Teams.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _teams = teams.DistinctBy(t => t.TeamId, StringComparer.Ordinal).ToDictionary(t => t.TeamId, StringComparer.Ordinal);
        }

        _organizations ??= await ReadOrganizationsAsync(cancellationToken).ConfigureAwait(false);
        var keys = await _keys.ForAsync(users, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var baseUrl = _client.Endpoint.AbsoluteUri.TrimEnd('/');
        return [.. users.Select(u => new BackupRecord
        {
            BackedUpAt = now,
            BaseUrl = baseUrl,
            Operator = _options.Operator,
            Action = _options.Command,
            User = u,
            Teams = TeamsOf(u),
            Organizations = _organizations.Value.ByUser is { } orgs ? [.. orgs[u.UserId]] : null,
            Keys = [.. keys[u.UserId].Select(ToBackup)],
            Gaps = _organizations.Value.Problem is { } problem ? ["organisation memberships unknown: " + problem] : null,
        })];
    }

    private async Task<(ILookup<string, BackupOrganizationMembership>?, string?)> ReadOrganizationsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var organizations = await _client.Organizations.ListAsync(cancellationToken).ConfigureAwait(false);
            var memberships = organizations.SelectMany(o => (o.Members ?? []).Select(m => (m.UserId, Membership: new BackupOrganizationMembership(o.OrganizationId, o.OrganizationAlias, m.UserRole, m.BudgetId))));
            return (memberships.ToLookup(p => p.UserId, p => p.Membership, StringComparer.Ordinal), null);
        }
        catch (LiteLlmRequestFailedException failure) when (!FailureReasons.IsFatal(failure))
        {
            // Not restored automatically anyway: note the gap in each record and go on.
            _log.Warn("The backup cannot list organisations, so it does not record organisation memberships: " + failure.Message);
            return (null, failure.Message);
        }
    }

    private List<BackupTeamMembership> TeamsOf(LiteLlmUser user)
    {
        var memberships = new List<BackupTeamMembership>();
        foreach (var teamId in user.Teams ?? [])
        {
            var team = _teams?.GetValueOrDefault(teamId);
            var member = team?.MembersWithRoles?.FirstOrDefault(m => m.UserId == user.UserId)
                ?? team?.MembersWithRoles?.FirstOrDefault(m => m.UserId is null && user.UserEmail is not null && m.UserEmail == user.UserEmail);
            memberships.Add(new BackupTeamMembership(teamId, team?.TeamAlias, member?.Role));
        }

        return memberships;
    }

    private static BackupKey ToBackup(LiteLlmKey key) => new()
    {
        KeyAlias = key.KeyAlias,
        KeyName = key.KeyName,
        TeamId = key.TeamId,
        Models = key.Models,
        MaxBudget = key.MaxBudget,
        BudgetDuration = key.BudgetDuration,
        Spend = key.Spend,
        Expires = key.Expires,
        Metadata = key.Metadata,
    };

    private void Write(List<BackupRecord> records)
    {
        _file ??= CreateFile();
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(_client.Redactor.Redact(JsonSerializer.Serialize(record, SafetyJsonContext.Default.BackupRecord))).Append('\n');
        }

        _file.Write(Encoding.UTF8.GetBytes(text.ToString()));
        // On disk before the delete leaves: a crash right after must not lose the only copy.
        _file.Flush(flushToDisk: true);
    }

    private FileStream CreateFile()
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? $"litellm-users-backup-{stamp}-{_options.Command}.jsonl" : $"litellm-users-backup-{stamp}-{_options.Command}-{attempt}.jsonl";
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(_options.Folder, name));
            try
            {
                var file = PrivateFile.CreateNew(path);
                Path = path;
                var restore = _options.RestoreHint?.Invoke(path) ?? $"litellm-users restore --backup '{path}'";
                _log.Info($"Backing up each user before it is deleted to '{path}' (restore with: {restore}).");
                return file;
            }
            catch (IOException) when (File.Exists(path) && attempt < 100)
            {
                // Two runs in the same second: take the next name.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        _gate.Dispose();
    }
}
