using System.Runtime.CompilerServices;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.List;

/// <summary>
/// Streams the users a listing shows: every page (as <see cref="UsersClient.GetUsersAsync"/> walks
/// them), filtered on the server where LiteLLM can and again on the client where its filters are
/// only approximate (email substring, single id). Nothing is buffered, so memory stays flat however
/// many users there are; only a sort on a column that is not unique keeps the ids seen, because
/// LiteLLM's paging can then repeat a user (BerriAI/litellm#15762).
/// </summary>
public sealed class UserListing
{
    /// <summary>list_user.py's internal roles: shown unless --show-all or --role says otherwise.</summary>
    public static readonly IReadOnlyList<string> InternalRoles = ["internal_user", "internal_user_viewer", "proxy_admin", "proxy_admin_viewer", "user", "default", "end_user"];

    /// <summary>The sort columns LiteLLM accepts.</summary>
    public static readonly IReadOnlyList<string> SortColumns = ["user_id", "user_email", "created_at", "spend", "user_alias", "user_role"];

    private readonly LiteLlmAdminClient _client;
    private readonly IRunLog _log;

    /// <summary>Creates a listing; say what to list with the init properties.</summary>
    public UserListing(LiteLlmAdminClient client, IRunLog? log = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _log = log ?? NullRunLog.Instance;
    }

    /// <summary>Only emails containing this, ignoring case.</summary>
    public string? EmailLike { get; init; }

    /// <summary>Only this role (exact).</summary>
    public string? Role { get; init; }

    /// <summary>Only members of this team (id or name).</summary>
    public string? Team { get; init; }

    /// <summary>Only this user id (exact).</summary>
    public string? UserId { get; init; }

    /// <summary>Every role, not only list_user.py's internal ones.</summary>
    public bool ShowAll { get; init; }

    /// <summary>Only users <c>litellm-users disable</c> disabled (whatever their role).</summary>
    public bool Disabled { get; init; }

    /// <summary>Sort column (LiteLLM's: user_id, user_email, created_at, spend, user_alias, user_role).</summary>
    public string SortBy { get; init; } = "user_id";

    /// <summary>asc or desc.</summary>
    public string SortOrder { get; init; } = "asc";

    /// <summary>Every column a listing can show.</summary>
    public static IReadOnlyList<string> KnownColumns => UserColumns.Known;

    /// <summary>The columns every format shows when none are asked for.</summary>
    public static IReadOnlyList<string> DefaultColumns => UserColumns.Default;

    /// <summary>The columns of a --disabled listing when none are asked for (with when, by whom and how many keys).</summary>
    public static IReadOnlyList<string> DisabledColumns => UserColumns.Disabled;

    /// <summary>Parses a --columns value (comma-separated names of <c>/user/list</c> fields); secrets cannot be asked for.</summary>
    /// <exception cref="InputException">An unknown or secret column.</exception>
    public static IReadOnlyList<string> ParseColumns(string? columns) => UserColumns.Parse(columns);

    /// <summary>A user's column as text (lists joined with <c>;</c>, objects as compact JSON, null empty).</summary>
    public static string Cell(LiteLlmUser user, string column) => UserColumns.Text(UserColumns.Value(user, column));

    /// <summary>Streams the users to <paramref name="output"/> in <paramref name="format"/> (any but the table, which a caller draws from <see cref="ReadAsync"/>).</summary>
    public async Task WriteAsync(ListFormat format, TextWriter output, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = UserWriter.For(format, output, columns);
        writer.Begin();
        await foreach (var user in ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            writer.Write(user);
        }

        writer.Complete();
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Users the server sent (repeats dropped).</summary>
    public int Read { get; private set; }

    /// <summary>Users that passed every filter.</summary>
    public int Shown { get; private set; }

    /// <summary>Users matching the server-side filters when the listing started.</summary>
    public int ServerTotal { get; private set; }

    /// <summary>Parses a --sort value: <c>column</c> or <c>column:asc|desc</c>.</summary>
    /// <exception cref="InputException">The column or order is not one LiteLLM sorts by.</exception>
    public static (string SortBy, string SortOrder) ParseSort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return ("user_id", "asc");
        }

        var parts = sort.Split(':', 2, StringSplitOptions.TrimEntries);
        var order = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
        if (!SortColumns.Contains(parts[0], StringComparer.Ordinal) || order is not ("asc" or "desc"))
        {
            throw new InputException($"--sort '{sort}' is not one of {string.Join(", ", SortColumns)}, optionally followed by :asc or :desc.");
        }

        return (parts[0], order);
    }

    /// <summary>Streams the users to show, in the chosen order.</summary>
    /// <exception cref="InputException">--team names no team, or several.</exception>
    public async IAsyncEnumerable<LiteLlmUser> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new UserQuery
        {
            Role = Role,
            UserEmail = string.IsNullOrEmpty(EmailLike) ? null : EmailLike,
            UserIds = UserId is { } id ? [id] : null,
            Team = Team is { } team ? await ResolveTeamAsync(team, cancellationToken).ConfigureAwait(false) : null,
            SortBy = SortBy,
            SortOrder = SortOrder,
        };
        ServerTotal = (await _client.Users.GetUsersPageAsync(query with { PageSize = 1 }, 1, cancellationToken).ConfigureAwait(false)).Total;
        var seen = SortBy == "user_id" ? null : new HashSet<string>(StringComparer.Ordinal);
        await foreach (var user in _client.Users.GetUsersAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (seen is not null && !seen.Add(user.UserId))
            {
                _log.Debug($"user {user.UserId} was sent twice (paging on a column that is not unique); shown once");
                continue;
            }

            Read++;
            if (Keep(user))
            {
                Shown++;
                yield return user;
            }
        }

        if (Read != ServerTotal)
        {
            _log.Warn($"the server counted {ServerTotal} matching users but sent {Read}: users were added or removed while the list was read.");
        }
    }

    private bool Keep(LiteLlmUser user)
    {
        // The server's filters are approximate: the email filter is a substring match that may treat
        // '_' and '%' as wildcards, and a single user_ids value is a substring match too.
        if (EmailLike is { Length: > 0 } like && !(user.UserEmail?.Contains(like, StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return false;
        }

        if (UserId is { } id && !string.Equals(user.UserId, id, StringComparison.Ordinal))
        {
            return false;
        }

        if (Disabled)
        {
            return Execution.DisableRecord.Of(user) is not null;
        }

        return ShowAll || Role is not null || InternalRoles.Contains(user.UserRole ?? string.Empty, StringComparer.Ordinal);
    }

    private async Task<string> ResolveTeamAsync(string team, CancellationToken cancellationToken)
    {
        var match = (await TeamDirectory.LoadAsync(_client, cancellationToken).ConfigureAwait(false)).Resolve(team);
        return match.Team?.TeamId ?? throw new InputException(match.Problem!);
    }
}
