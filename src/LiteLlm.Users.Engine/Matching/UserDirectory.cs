using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Matching;

/// <summary>
/// Finds users on the proxy with as few round trips as the API allows: every page, stable
/// order (<c>sort_by=user_id</c>), exact email matching on the client. One mechanism for every
/// command (delete, add, sync, list).
/// </summary>
internal sealed class UserDirectory
{
    /// <summary>Largest page LiteLLM serves.</summary>
    public const int PageSize = 100;

    /// <summary>A 100-user page costs about as much server time as this many small lookups (used to choose a strategy).</summary>
    public const double PageWeight = 2.0;

    private const int SnapshotAttempts = 3;

    private readonly LiteLlmAdminClient _client;
    private readonly int _concurrency;
    private readonly IRunLog _log;
    private readonly RunProgress _progress;

    /// <summary>Creates a directory over a client.</summary>
    public UserDirectory(LiteLlmAdminClient client, int concurrency, IRunLog? log = null, RunProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _concurrency = Math.Max(1, concurrency);
        _log = log ?? NullRunLog.Instance;
        _progress = progress ?? new RunProgress();
    }

    /// <summary>One tiny request that checks access and learns how many users the server has.</summary>
    public async Task<int> ProbeTotalAsync(CancellationToken cancellationToken)
    {
        var page = await _client.Users.GetUsersPageAsync(new UserQuery { PageSize = 1 }, 1, cancellationToken).ConfigureAwait(false);
        return page.Total;
    }

    /// <summary>Chooses the cheaper strategy for <paramref name="emailCount"/> emails among <paramref name="serverTotal"/> users.</summary>
    public static (ResolutionStrategy Strategy, string Why) Choose(int emailCount, int serverTotal)
    {
        var pages = (serverTotal + PageSize - 1) / PageSize;
        var snapshotCost = pages * PageWeight;
        var strategy = snapshotCost < emailCount ? ResolutionStrategy.Snapshot : ResolutionStrategy.Lookup;
        var why = string.Create(
            CultureInfo.InvariantCulture,
            $"{emailCount} emails, {serverTotal} users on the server: a snapshot reads {pages} pages (cost ~{snapshotCost:0} small requests, a 100-user page weighing {PageWeight}), lookups need at least {emailCount} requests; chose {strategy.ToString().ToLowerInvariant()}");
        return (strategy, why);
    }

    /// <summary>Finds the users of each email.</summary>
    public Task<Resolution> ResolveAsync(IReadOnlyCollection<string> emails, int serverTotal, ResolutionStrategy strategy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var keys = emails.Select(EmailKey.Normalize).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        return ResolveKeysAsync(keys, serverTotal, strategy, cancellationToken);
    }

    /// <summary>Finds the users of each email, given as distinct, non-empty comparison keys (<see cref="EmailKey.Normalize"/>).</summary>
    /// <param name="wanted">The keys: a set, or a dictionary's keys (any collection whose Contains is a look-up).</param>
    /// <param name="serverTotal">Users on the server (to choose the strategy).</param>
    /// <param name="strategy">How to resolve.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<Resolution> ResolveKeysAsync(IReadOnlyCollection<string> wanted, int serverTotal, ResolutionStrategy strategy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        if (wanted.Count == 0)
        {
            return new Resolution(new Dictionary<string, IReadOnlyList<LiteLlmUser>>(), strategy);
        }

        if (strategy == ResolutionStrategy.Auto)
        {
            (strategy, var why) = Choose(wanted.Count, serverTotal);
            _log.Debug("resolution strategy: " + why);
        }
        else
        {
            _log.Debug($"resolution strategy: {strategy.ToString().ToLowerInvariant()} (chosen with --strategy)");
        }

        if (strategy == ResolutionStrategy.Snapshot)
        {
            var snapshot = await TrySnapshotAsync((_, email) => wanted.Contains(EmailKey.Normalize(email)), serverTotal, cancellationToken).ConfigureAwait(false);
            if (snapshot is not null)
            {
                return new Resolution(Group(snapshot.Kept), ResolutionStrategy.Snapshot);
            }

            _log.Warn("The user list kept changing while it was read; falling back to one lookup per email.");
        }

        return new Resolution(await LookupAsync(wanted, cancellationToken).ConfigureAwait(false), ResolutionStrategy.Lookup);
    }

    /// <summary>
    /// Reads every user once, pages in parallel, keeps those <paramref name="keep"/> accepts (by id
    /// and email; only those become full objects), de-duplicates by id and checks the count against
    /// the server's total; re-reads when the list changed meanwhile. Null when it never settled.
    /// </summary>
    /// <param name="keep">Which users to keep, by id and email.</param>
    /// <param name="knownTotal">The total a probe just saw: all pages start at once. Null = read page 1 first.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<Snapshot?> TrySnapshotAsync(Func<string, string?, bool> keep, int? knownTotal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var query = new UserQuery { PageSize = PageSize };
        for (var attempt = 1; attempt <= SnapshotAttempts; attempt++)
        {
            UserScanPage? first = null;
            int total;
            if (attempt == 1 && knownTotal is { } probed)
            {
                total = probed;
            }
            else
            {
                first = await _client.Users.ScanUsersPageAsync(query, 1, keep, cancellationToken).ConfigureAwait(false);
                total = first.Total;
            }

            var pages = Math.Max(first?.TotalPages ?? 0, (total + PageSize - 1) / PageSize);
            if (attempt == 1)
            {
                _progress.StartPhase("Reading users", pages);
            }
            else
            {
                // Read again: the count goes on from where it was (a progress display never goes backwards).
                _progress.ExtendPhase(pages);
            }

            var seen = new HashSet<string>(total, StringComparer.Ordinal);
            var kept = new List<LiteLlmUser>();
            var keptIds = new HashSet<string>(StringComparer.Ordinal);
            var consistent = true;
            var gate = new Lock();

            void Take(UserScanPage page)
            {
                lock (gate)
                {
                    consistent &= page.Total == total;
                    foreach (var id in page.UserIds)
                    {
                        seen.Add(id);
                    }

                    foreach (var user in page.Kept)
                    {
                        if (keptIds.Add(user.UserId))
                        {
                            kept.Add(user);
                        }
                    }
                }

                _progress.Step();
            }

            if (first is not null)
            {
                Take(first);
            }

            await Parallel.ForEachAsync(
                Enumerable.Range(first is null ? 1 : 2, Math.Max(0, first is null ? pages : pages - 1)),
                new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken },
                async (number, ct) => Take(await _client.Users.ScanUsersPageAsync(query, number, keep, ct).ConfigureAwait(false))).ConfigureAwait(false);

            if (consistent && seen.Count == total)
            {
                _log.Debug($"snapshot: {pages} pages, {seen.Count} users, {kept.Count} kept");
                kept.Sort((a, b) => string.CompareOrdinal(a.UserId, b.UserId));
                return new Snapshot(kept, total);
            }

            _log.Debug($"snapshot attempt {attempt}: saw {seen.Count} distinct users but the server reported {total} (or totals changed between pages); reading again");
        }

        return null;
    }

    /// <summary>Finds each email with a filtered listing (all pages), matching exactly on the client.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LiteLlmUser>>> LookupAsync(IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var result = new Dictionary<string, IReadOnlyList<LiteLlmUser>>(StringComparer.Ordinal);
        var gate = new Lock();
        _progress.StartPhase("Looking up emails", emails.Count);
        await Parallel.ForEachAsync(
            emails,
            new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken },
            async (email, ct) =>
            {
                var found = await FindByEmailAsync(email, ct).ConfigureAwait(false);
                lock (gate)
                {
                    if (found.Count > 0)
                    {
                        result[email] = found;
                    }
                }

                _progress.Step();
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>The users whose email is exactly <paramref name="email"/> (trimmed, ignoring case).</summary>
    public async Task<IReadOnlyList<LiteLlmUser>> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var key = EmailKey.Normalize(email);
        var found = new List<LiteLlmUser>();
        // The server filter is a case-insensitive substring (and may treat '_' or '%' as wildcards):
        // a superset of what we want, narrowed here.
        var query = new UserQuery { UserEmail = key, PageSize = PageSize };
        await foreach (var user in _client.Users.GetUsersAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(EmailKey.Normalize(user.UserEmail), key, StringComparison.Ordinal))
            {
                found.Add(user);
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.UserId, b.UserId));
        return found;
    }

    /// <summary>Which of <paramref name="userIds"/> exist now, with their current rows (100 ids per request).</summary>
    public async Task<IReadOnlyDictionary<string, LiteLlmUser>> FetchByIdsAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var found = new Dictionary<string, LiteLlmUser>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(PageSize))
        {
            var wanted = chunk.ToHashSet(StringComparer.Ordinal);
            // One id is a substring match on the server, several an exact IN: filter exactly here.
            var query = new UserQuery { UserIds = chunk, PageSize = PageSize };
            await foreach (var user in _client.Users.GetUsersAsync(query, cancellationToken).ConfigureAwait(false))
            {
                if (wanted.Contains(user.UserId))
                {
                    found[user.UserId] = user;
                }
            }
        }

        return found;
    }

    private static Dictionary<string, IReadOnlyList<LiteLlmUser>> Group(IEnumerable<LiteLlmUser> users) =>
        users.GroupBy(u => EmailKey.Normalize(u.UserEmail), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LiteLlmUser>)[.. g.OrderBy(u => u.UserId, StringComparer.Ordinal)], StringComparer.Ordinal);
}
