using System.Collections.Concurrent;
using LiteLlm.Admin;
using LiteLlm.Admin.Keys;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// The key records of users about to change, read with as few <c>/key/list</c> pages as it takes.
/// A user whose row says <c>key_count: 0</c> costs nothing. Otherwise either one listing of every
/// key (pages of 100) or one filtered listing per user is read, whichever is cheaper so far: per-user
/// listings are used until they would add up to the pages the full listing still needs, then the
/// full listing is read once (so the total is never more than about twice the cheaper choice, without
/// knowing in advance how many users a run will change). A user whose count from the full listing
/// does not match its <c>key_count</c> (keys changed meanwhile) is read again on its own.
/// </summary>
internal sealed class KeyIndex
{
    private const int PageSize = 100;

    private readonly LiteLlmAdminClient _client;
    private readonly int _concurrency;
    private readonly IRunLog _log;
    private readonly ConcurrentDictionary<string, List<LiteLlmKey>> _byUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<LiteLlmKey>> _exact = new(StringComparer.Ordinal);
    private int _totalPages = -1;
    private int _perUserRequests;
    private bool _complete;

    public KeyIndex(LiteLlmAdminClient client, int concurrency, IRunLog log)
    {
        _client = client;
        _concurrency = Math.Max(1, concurrency);
        _log = log;
    }

    /// <summary>The keys of each user. Not thread-safe: the caller serialises calls.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LiteLlmKey>>> ForAsync(IReadOnlyList<LiteLlmUser> users, CancellationToken cancellationToken)
    {
        var need = users.Where(u => u.KeyCount is not 0 && !_exact.ContainsKey(u.UserId) && !(_complete && Matches(u))).ToList();
        if (need.Count > 0 && !_complete)
        {
            if (_totalPages < 0)
            {
                // Page 1 of everything: it tells how many pages a full listing costs.
                var first = await _client.Keys.GetKeysPageAsync(new KeyQuery { PageSize = PageSize }, 1, cancellationToken).ConfigureAwait(false);
                Add(first.Keys);
                _totalPages = first.TotalPages;
                _complete = _totalPages <= 1;
            }

            var remaining = _totalPages - 1;
            if (!_complete && _perUserRequests + need.Count >= remaining)
            {
                _log.Debug($"backup: reading all {_totalPages} pages of /key/list (cheaper than {need.Count} more per-user listings after {_perUserRequests})");
                await Parallel.ForEachAsync(
                    Enumerable.Range(2, remaining),
                    new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken },
                    async (page, ct) => Add((await _client.Keys.GetKeysPageAsync(new KeyQuery { PageSize = PageSize }, page, ct).ConfigureAwait(false)).Keys)).ConfigureAwait(false);
                _complete = true;
            }

            if (_complete)
            {
                need = [.. need.Where(u => !Matches(u))];
            }
        }

        // Per user: not covered by a full listing yet, or its count disagrees with key_count.
        _perUserRequests += need.Count;
        await Parallel.ForEachAsync(
            need,
            new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken },
            async (user, ct) =>
            {
                var keys = new List<LiteLlmKey>();
                await foreach (var key in _client.Keys.GetKeysAsync(new KeyQuery { UserId = user.UserId, PageSize = PageSize }, ct).ConfigureAwait(false))
                {
                    if (key.UserId == user.UserId)
                    {
                        keys.Add(key);
                    }
                }

                _exact[user.UserId] = keys;
            }).ConfigureAwait(false);

        return users.ToDictionary(u => u.UserId, KeysOf, StringComparer.Ordinal);
    }

    private IReadOnlyList<LiteLlmKey> KeysOf(LiteLlmUser user) =>
        user.KeyCount == 0 ? []
        : _exact.TryGetValue(user.UserId, out var exact) ? exact
        : _byUser.TryGetValue(user.UserId, out var listed) ? listed
        : [];

    private bool Matches(LiteLlmUser user) =>
        user.KeyCount is { } count && (_byUser.TryGetValue(user.UserId, out var keys) ? keys.Count : 0) == count;

    private void Add(IEnumerable<LiteLlmKey> keys)
    {
        foreach (var key in keys)
        {
            if (key.UserId is { } owner)
            {
                var list = _byUser.GetOrAdd(owner, _ => []);
                lock (list)
                {
                    // Pages can overlap when keys are created meanwhile; the hash identifies a key.
                    if (key.Token is null || !list.Exists(k => k.Token == key.Token))
                    {
                        list.Add(key);
                    }
                }
            }
        }
    }
}
