using System.Security.Cryptography;
using System.Text;

namespace LiteLlm.Sandbox;

public sealed partial class SandboxStore
{
    /// <summary>Every virtual key (hashed), ordered by creation.</summary>
    public IReadOnlyList<SandboxKey> Keys
    {
        get
        {
            lock (_gate)
            {
                return _keys.Values.OrderBy(k => k.CreatedAt).ToList();
            }
        }
    }

    public IReadOnlyList<SandboxKey> KeysOf(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        lock (_gate)
        {
            return _keysByUser.TryGetValue(userId, out var list) ? list.ToList() : [];
        }
    }

    /// <summary>
    /// Creates a virtual key owned by <paramref name="userId"/> and returns its secret (<c>sk-…</c>); only the
    /// SHA-256 hash is stored. The key authenticates with its owner's role. The owner need not exist
    /// (LiteLLM has no foreign key there): such a key authenticates with role "unknown".
    /// </summary>
    public string CreateKey(string userId, string? alias = null, string? teamId = null, string? rawKey = null)
    {
        ArgumentNullException.ThrowIfNull(userId);
        lock (_gate)
        {
            return IssueKey(userId, alias, teamId, rawKey, createdBy: null).Secret;
        }
    }

    internal (string Secret, SandboxKey Key) IssueKey(string? userId, string? alias, string? teamId, string? rawKey, string? createdBy, IReadOnlyList<string>? models = null, double? maxBudget = null, System.Text.Json.JsonElement? metadata = null, (string Secret, string Token)? material = null)
    {
        var secret = rawKey ?? material?.Secret ?? NewSecret();
        var token = rawKey is null && material is { } m ? m.Token : HashToken(secret);
        if (_keys.ContainsKey(token))
        {
            throw new InvalidOperationException("A key with this secret already exists.");
        }

        var now = Now;
        var key = new SandboxKey
        {
            Token = token,
            KeyName = AbbreviateKey(secret),
            KeyAlias = alias,
            UserId = userId,
            TeamId = teamId,
            MaxBudget = maxBudget,
            Models = models?.ToArray() ?? [],
            Metadata = metadata ?? SandboxJson.EmptyObject,
            CreatedBy = createdBy,
            UpdatedBy = createdBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        AddKeyRow(key);
        return (secret, key);
    }

    internal SandboxKey? FindKeyByToken(string token) => _keys.GetValueOrDefault(token);

    internal void AddKeyRow(SandboxKey key)
    {
        _keys.Add(key.Token, key);
        if (key.UserId is not null)
        {
            KeysChanged(key.UserId);
            if (!_keysByUser.TryGetValue(key.UserId, out var list))
            {
                _keysByUser[key.UserId] = list = [];
            }

            list.Add(key);
        }
    }

    internal IEnumerable<SandboxKey> AllKeys => _keys.Values;

    internal IReadOnlyList<SandboxKey> KeyRowsOf(string userId) =>
        _keysByUser.TryGetValue(userId, out var list) ? list : [];

    /// <summary>The user's <c>key_count</c> may have changed: their cached <c>/user/list</c> row is stale.</summary>
    private void KeysChanged(string userId)
    {
        if (_users.TryGetValue(userId, out var owner))
        {
            owner.ListRow = null;
        }
    }

    /// <summary>The user's <c>/user/list</c> row (<see cref="Endpoints.Shapes.ListUser"/>) as JSON, written once and
    /// then served from <see cref="UserSlot.ListRow"/> until the user, their teams or their keys change.</summary>
    internal byte[] ListRowOf(UserSlot slot) =>
        slot.ListRow ??= Endpoints.ListRowJson.Row(slot.User, KeyCountOf(slot.User.UserId));

    /// <summary>LiteLLM's <c>key_count</c>: keys of the user that are not Admin UI session tokens.</summary>
    internal int KeyCountOf(string userId)
    {
        if (!_keysByUser.TryGetValue(userId, out var list))
        {
            return 0;
        }

        var count = 0;
        foreach (var key in list)
        {
            if (!string.Equals(key.TeamId, UiSessionTeamId, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    internal void RemoveKey(SandboxKey key)
    {
        _keys.Remove(key.Token);
        if (key.UserId is not null && _keysByUser.TryGetValue(key.UserId, out var list))
        {
            KeysChanged(key.UserId);
            list.RemoveAll(k => k.Token == key.Token);
            if (list.Count == 0)
            {
                _keysByUser.Remove(key.UserId);
            }
        }
    }

    /// <summary>Replaces a key row by a changed copy with the same token (<c>/key/update</c>, <c>/key/block</c>); a key
    /// that keeps its owner keeps its place in the owner's list.</summary>
    internal void ReplaceKey(SandboxKey existing, SandboxKey updated)
    {
        if (existing.UserId != updated.UserId)
        {
            RemoveKey(existing);
            AddKeyRow(updated);
            return;
        }

        _keys[updated.Token] = updated;
        if (updated.UserId is not null && _keysByUser.TryGetValue(updated.UserId, out var list))
        {
            var index = list.FindIndex(k => k.Token == updated.Token);
            if (index >= 0)
            {
                list[index] = updated;
            }
        }
    }

    /// <summary>SHA-256 hex of a secret, as LiteLLM's <c>hash_token</c>.</summary>
    public static string HashToken(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>LiteLLM's <c>abbreviate_api_key</c>: <c>sk-...</c> plus the last four characters.</summary>
    internal static string AbbreviateKey(string secret) => "sk-..." + (secret.Length >= 4 ? secret[^4..] : secret);

    /// <summary>Like LiteLLM: <c>"sk-" + secrets.token_urlsafe(16)</c>.</summary>
    private static string NewSecret()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return "sk-" + System.Buffers.Text.Base64Url.EncodeToString(random);
    }

    /// <summary>A new secret and its hash, computed outside the lock (bulk seeding hashes in parallel).</summary>
    internal static (string Secret, string Token) NewKeyMaterial()
    {
        var secret = NewSecret();
        return (secret, HashToken(secret));
    }

    internal long NextSequence() => ++_sequence;
}
