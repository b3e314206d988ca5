using System.Security.Cryptography;
using System.Text;

namespace LiteLlm.Sandbox;

/// <summary>
/// The sandbox's in-memory database: users, virtual keys, teams, organisations, invitation links and the
/// record of deletions. Thread-safe; every read returns an immutable snapshot.
/// </summary>
/// <remarks>
/// Users are indexed by id (ordinal order) and by creation time in <see cref="OrderedSlotList"/>s, so the common
/// <c>/user/list?sort_by=user_id</c> page costs O(U / 512 + page) and deleting a user O(1 block) even with
/// 200,000 users, under the one lock; filters scan linearly.
/// </remarks>
public sealed partial class SandboxStore
{
    /// <summary>Keys with this team id are Admin UI session tokens; LiteLLM hides them from key counts and listings.</summary>
    internal const string UiSessionTeamId = "litellm-dashboard";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, UserSlot> _users = new(StringComparer.Ordinal);
    private readonly OrderedSlotList _byId = new(SlotOrder.ById);
    private readonly OrderedSlotList _byCreated = new(SlotOrder.ByCreated);
    private readonly Dictionary<string, List<UserSlot>> _byEmail = new(StringComparer.Ordinal);
    private readonly EmailSearchIndex _emailSearch = new();
    private readonly Dictionary<string, SandboxKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SandboxKey>> _keysByUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxTeam> _teams = new(StringComparer.Ordinal);
    private readonly List<string> _teamOrder = [];
    private readonly TeamMembershipTable _teamMemberships = new();
    private readonly Dictionary<string, SandboxOrganization> _organizations = new(StringComparer.Ordinal);
    private readonly List<SandboxOrganizationMembership> _orgMemberships = [];
    private readonly List<SandboxInvitation> _invitations = [];
    private readonly List<DeletionRecord> _deletions = [];
    private long _sequence;

    public SandboxStore()
        : this(TimeProvider.System)
    {
    }

    public SandboxStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    internal DateTimeOffset Now => TruncateToMicroseconds(_time.GetUtcNow());

    // ---------------------------------------------------------------- users

    /// <summary>Number of user rows.</summary>
    public int UserCount
    {
        get
        {
            lock (_gate)
            {
                return _users.Count;
            }
        }
    }

    /// <summary>Snapshot of every user, ordered by user id (ordinal).</summary>
    public IReadOnlyList<SandboxUser> Users
    {
        get
        {
            lock (_gate)
            {
                return _byId.ToList().ConvertAll(s => s.User);
            }
        }
    }

    public SandboxUser? FindUser(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        lock (_gate)
        {
            return _users.TryGetValue(userId, out var slot) ? slot.User : null;
        }
    }

    /// <summary>Adds a user with the given email (duplicates allowed) and one virtual key.</summary>
    public SandboxUser AddUser(string email, string? userId = null, string role = "internal_user") =>
        AddUser(new SandboxUserSeed { UserEmail = email, UserId = userId, UserRole = role });

    /// <summary>Adds a user as seeded data: no duplicate-email check, missing teams are created.</summary>
    /// <exception cref="InvalidOperationException">The user id already exists.</exception>
    public SandboxUser AddUser(SandboxUserSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        lock (_gate)
        {
            var slot = SeedSlot(seed, Now);
            InsertUser(slot);
            ApplySeedExtras(slot, seed);
            return slot.User;
        }
    }

    /// <summary>Adds <paramref name="count"/> seeded users in one pass (fast enough for 200,000).</summary>
    public IReadOnlyList<SandboxUser> AddUsers(int count, Func<int, SandboxUserSeed> make)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(make);
        var seeds = new SandboxUserSeed[count];
        for (var i = 0; i < count; i++)
        {
            seeds[i] = make(i) ?? throw new InvalidOperationException($"Seed {i} is null.");
        }

        return AddSeeds(seeds);
    }

    internal IReadOnlyList<SandboxUser> AddSeeds(IReadOnlyList<SandboxUserSeed> seeds)
    {
        // Hashing 200,000 secrets dominates bulk seeding: do it in parallel, outside the lock.
        var material = new (string Secret, string Token)[seeds.Count][];
        Parallel.For(0, seeds.Count, i => material[i] = Enumerable.Range(0, Math.Max(0, seeds[i].KeyCount)).Select(_ => NewKeyMaterial()).ToArray());
        (UserSlot Slot, SandboxUser User, int KeyCount)[] seeded;
        IReadOnlyList<SandboxUser> added;
        lock (_gate)
        {
            var now = Now;
            var slots = new List<UserSlot>(seeds.Count);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var seed in seeds)
            {
                var slot = SeedSlot(seed, now);
                if (_users.ContainsKey(slot.User.UserId) || !ids.Add(slot.User.UserId))
                {
                    throw new InvalidOperationException($"User id '{slot.User.UserId}' already exists.");
                }

                slots.Add(slot);
            }

            foreach (var slot in slots)
            {
                _users.Add(slot.User.UserId, slot);
                IndexEmail(slot);
            }

            _byId.AddRange(slots);
            _byCreated.AddRange(slots);
            for (var i = 0; i < slots.Count; i++)
            {
                ApplySeedExtras(slots[i], seeds[i], material[i]);
            }

            seeded = slots.ConvertAll(s => (s, s.User, KeyCountLocked(s.User.UserId))).ToArray();
            added = slots.ConvertAll(s => s.User);
        }

        WarmListRows(seeded);
        return added;
    }

    /// <summary>
    /// Writes the <c>/user/list</c> rows of freshly seeded users in parallel, outside the lock, so that a run
    /// against a seeded store does not spend its server CPU on JSON. A row is kept only if its user and key
    /// count are still the ones it was written from; otherwise it is written on demand as usual.
    /// </summary>
    private void WarmListRows((UserSlot Slot, SandboxUser User, int KeyCount)[] seeded)
    {
        var rows = new byte[seeded.Length][];
        Parallel.For(0, seeded.Length, i => rows[i] = Endpoints.ListRowJson.Row(seeded[i].User, seeded[i].KeyCount));
        lock (_gate)
        {
            for (var i = 0; i < seeded.Length; i++)
            {
                var (slot, user, keyCount) = seeded[i];
                if (slot.ListRow is null && !slot.Deleted && ReferenceEquals(slot.User, user) && KeyCountLocked(user.UserId) == keyCount)
                {
                    slot.ListRow = rows[i];
                }
            }
        }
    }

    private UserSlot SeedSlot(SandboxUserSeed seed, DateTimeOffset now)
    {
        var created = seed.CreatedAt is { } at ? TruncateToMicroseconds(at) : now;
        var user = new SandboxUser
        {
            UserId = seed.UserId ?? Guid.NewGuid().ToString(),
            UserEmail = seed.UserEmail,
            UserRole = seed.UserRole,
            UserAlias = seed.UserAlias,
            MaxBudget = seed.MaxBudget,
            BudgetDuration = seed.BudgetDuration,
            Spend = seed.Spend,
            Models = seed.Models?.ToArray() ?? [],
            Metadata = seed.Metadata is null ? SandboxJson.EmptyObject : SandboxJson.FromObject(seed.Metadata),
            SsoUserId = seed.SsoUserId,
            TpmLimit = seed.TpmLimit,
            RpmLimit = seed.RpmLimit,
            CreatedAt = created,
            UpdatedAt = created,
        };
        return new UserSlot(user, ++_sequence);
    }

    private void ApplySeedExtras(UserSlot slot, SandboxUserSeed seed, (string Secret, string Token)[]? material = null)
    {
        foreach (var teamId in seed.Teams ?? [])
        {
            if (!_teams.ContainsKey(teamId))
            {
                CreateTeamLocked(teamId, alias: null, organizationId: null);
            }

            AddTeamMemberLocked(teamId, slot.User.UserId, "user");
        }

        for (var k = 0; k < seed.KeyCount; k++)
        {
            CreateKeyLocked(slot.User.UserId, alias: null, teamId: null, rawKey: null, createdBy: null, material: material?[k]);
        }
    }

    internal void InsertUser(UserSlot slot)
    {
        if (!_users.TryAdd(slot.User.UserId, slot))
        {
            throw new InvalidOperationException($"User id '{slot.User.UserId}' already exists.");
        }

        _byId.Add(slot);
        _byCreated.Add(slot);
        IndexEmail(slot);
    }

    internal UserSlot NewSlot(SandboxUser user) => new(user, ++_sequence);

    /// <summary>Replaces a user's snapshot; id and created_at never change, so the indexes stay sorted.</summary>
    internal void ReplaceUser(UserSlot slot, SandboxUser updated)
    {
        if (!string.Equals(slot.User.UserEmail, updated.UserEmail, StringComparison.Ordinal))
        {
            UnindexEmail(slot);
            slot.User = updated;
            IndexEmail(slot);
        }
        else
        {
            slot.User = updated;
        }
    }

    private void IndexEmail(UserSlot slot)
    {
        _emailSearch.Add(slot);
        if (slot.User.UserEmail is not { } email)
        {
            return;
        }

        var key = email.ToLowerInvariant();
        if (!_byEmail.TryGetValue(key, out var list))
        {
            _byEmail[key] = list = [];
        }

        list.Add(slot);
    }

    private void UnindexEmail(UserSlot slot)
    {
        _emailSearch.Remove(slot);
        if (slot.User.UserEmail is { } email && _byEmail.TryGetValue(email.ToLowerInvariant(), out var list))
        {
            list.Remove(slot);
            if (list.Count == 0)
            {
                _byEmail.Remove(email.ToLowerInvariant());
            }
        }
    }

    /// <summary>LiteLLM's duplicate-email check: <c>equals</c> + <c>mode: insensitive</c> on the trimmed value.</summary>
    internal UserSlot? FindByEmailInsensitive(string email)
    {
        var key = email.Trim().ToLowerInvariant();
        return _byEmail.TryGetValue(key, out var list) && list.Count > 0
            ? list.MinBy(s => s.Sequence)
            : null;
    }

    /// <summary>Exact, case-sensitive email matches in creation order (<c>/user/update</c>'s email path).</summary>
    internal List<UserSlot> FindByEmailExact(string email) =>
        _byEmail.TryGetValue(email.ToLowerInvariant(), out var list)
            ? list.Where(s => string.Equals(s.User.UserEmail, email, StringComparison.Ordinal)).OrderBy(s => s.Sequence).ToList()
            : [];

    /// <summary>Users whose email contains <paramref name="lowerNeedle"/> once lower-cased (<c>/user/list?user_email=</c>),
    /// in no particular order; <c>null</c> for an empty needle or one with a NUL (scan instead).</summary>
    internal List<UserSlot>? FindEmailsContainingLower(string lowerNeedle) => _emailSearch.Search(lowerNeedle);

    internal UserSlot? Slot(string userId) => _users.TryGetValue(userId, out var slot) ? slot : null;

    internal OrderedSlotList SlotsById => _byId;

    internal OrderedSlotList SlotsByCreated => _byCreated;

    internal Lock Gate => _gate;

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    // ---------------------------------------------------------------- keys

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
            return CreateKeyLocked(userId, alias, teamId, rawKey, createdBy: null).Secret;
        }
    }

    internal (string Secret, SandboxKey Key) CreateKeyLocked(string? userId, string? alias, string? teamId, string? rawKey, string? createdBy, IReadOnlyList<string>? models = null, double? maxBudget = null, System.Text.Json.JsonElement? metadata = null, (string Secret, string Token)? material = null)
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
        AddKeyLocked(key);
        return (secret, key);
    }

    internal SandboxKey? FindKeyByToken(string token) => _keys.GetValueOrDefault(token);

    internal void AddKeyLocked(SandboxKey key)
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

    internal IEnumerable<SandboxKey> AllKeysLocked => _keys.Values;

    internal IReadOnlyList<SandboxKey> KeysOfLocked(string userId) =>
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
    internal byte[] ListRowLocked(UserSlot slot) =>
        slot.ListRow ??= Endpoints.ListRowJson.Row(slot.User, KeyCountLocked(slot.User.UserId));

    /// <summary>LiteLLM's <c>key_count</c>: keys of the user that are not Admin UI session tokens.</summary>
    internal int KeyCountLocked(string userId)
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

    internal void RemoveKeyLocked(SandboxKey key)
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

/// <summary>The store's mutable holder of one user's current snapshot, shared by all indexes.</summary>
internal sealed class UserSlot(SandboxUser user, long sequence)
{
    public static readonly IComparer<UserSlot> ById = Comparer<UserSlot>.Create(
        (a, b) => string.CompareOrdinal(a.User.UserId, b.User.UserId));

    public static readonly IComparer<UserSlot> ByCreated = Comparer<UserSlot>.Create((a, b) =>
    {
        var c = a.User.CreatedAt.CompareTo(b.User.CreatedAt);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });

    private SandboxUser _user = user;

    public SandboxUser User
    {
        get => _user;
        set
        {
            _user = value;
            EmailLower = value.UserEmail?.ToLowerInvariant();
            ListRow = null;
        }
    }

    /// <summary>
    /// This user's <c>/user/list</c> row as UTF-8 JSON (<see cref="SandboxStore.ListRowLocked"/>); <c>null</c> until
    /// written and whenever it went stale: a new snapshot (<see cref="User"/>, which carries <c>teams</c>) or a
    /// key of the user added or removed (<c>key_count</c>). Set and cleared under the store's lock; the array is
    /// never changed once set, so a page can be assembled from it after the lock is released.
    /// </summary>
    internal byte[]? ListRow { get; set; }

    /// <summary>The email lower-cased once, so substring filters over 200,000 users can compare ordinally.</summary>
    public string? EmailLower { get; private set; } = user.UserEmail?.ToLowerInvariant();

    public long Sequence { get; } = sequence;

    public string? PasswordHash { get; set; }

    public bool Deleted { get; set; }

    /// <summary>This slot's entry in the store's <see cref="EmailSearchIndex"/>; -1 when it has none.</summary>
    internal int EmailEntry { get; set; } = -1;

    /// <summary>The block of the id index that holds this slot (<see cref="OrderedSlotList"/>).</summary>
    internal List<UserSlot>? IdBlock { get; set; }

    /// <summary>The block of the creation index that holds this slot.</summary>
    internal List<UserSlot>? CreatedBlock { get; set; }
}
