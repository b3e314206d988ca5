namespace LiteLlm.Sandbox;

/// <summary>
/// <c>LiteLLM_TeamMembership</c> rows keyed by (team, user), indexed by user so that deleting users finds their
/// rows without reading all of them (a bulk delete used to read every row once per user: O(users × rows)).
/// </summary>
/// <remarks>
/// Rows enumerate in exactly the order the <see cref="Dictionary{TKey,TValue}"/> this replaces gave them, since
/// <c>/team/info</c> and <c>/team/list</c> show that order: entries keep their slot, a removed slot is reused
/// by the next add, last freed first, and <see cref="RemoveUsers"/> frees slots in enumeration order, as the
/// old scan-and-remove did. Not thread-safe: the store's lock guards it.
/// </remarks>
internal sealed class TeamMembershipTable
{
    private readonly List<SandboxTeamMembership?> _entries = [];
    private readonly Dictionary<(string TeamId, string UserId), int> _index = [];
    private readonly Stack<int> _free = new();
    private readonly Dictionary<string, List<int>> _byUser = new(StringComparer.Ordinal);

    public int Count => _index.Count;

    /// <summary>Every row, in the order the dictionary gave.</summary>
    public IEnumerable<SandboxTeamMembership> Values
    {
        get
        {
            foreach (var entry in _entries)
            {
                if (entry is not null)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>Adds the row unless (team, user) already has one.</summary>
    public bool TryAdd(SandboxTeamMembership row)
    {
        var key = (row.TeamId, row.UserId);
        if (_index.ContainsKey(key))
        {
            return false;
        }

        int slot;
        if (_free.Count > 0)
        {
            slot = _free.Pop();
            _entries[slot] = row;
        }
        else
        {
            slot = _entries.Count;
            _entries.Add(row);
        }

        _index.Add(key, slot);
        if (!_byUser.TryGetValue(row.UserId, out var slots))
        {
            _byUser[row.UserId] = slots = [];
        }

        slots.Add(slot);
        return true;
    }

    public bool Remove(string teamId, string userId)
    {
        if (!_index.Remove((teamId, userId), out var slot))
        {
            return false;
        }

        Free(slot, userId);
        return true;
    }

    /// <summary>Teams the user has a row for.</summary>
    public IEnumerable<string> TeamsOf(string userId) =>
        _byUser.TryGetValue(userId, out var slots) ? slots.Select(s => _entries[s]!.TeamId) : [];

    /// <summary>Removes every row of these users, freeing slots in enumeration order.</summary>
    public void RemoveUsers(IEnumerable<string> userIds)
    {
        var slots = new List<int>();
        foreach (var userId in userIds)
        {
            if (_byUser.TryGetValue(userId, out var own))
            {
                slots.AddRange(own);
            }
        }

        slots.Sort();
        foreach (var slot in slots)
        {
            var row = _entries[slot]!;
            _index.Remove((row.TeamId, row.UserId));
            Free(slot, row.UserId);
        }
    }

    public void Clear()
    {
        _entries.Clear();
        _index.Clear();
        _free.Clear();
        _byUser.Clear();
    }

    private void Free(int slot, string userId)
    {
        _entries[slot] = null;
        _free.Push(slot);
        var slots = _byUser[userId];
        slots.Remove(slot);
        if (slots.Count == 0)
        {
            _byUser.Remove(userId);
        }
    }
}
