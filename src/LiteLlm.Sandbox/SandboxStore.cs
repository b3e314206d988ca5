using System.Security.Cryptography;
using System.Text;

namespace LiteLlm.Sandbox;

/// <summary>
/// The sandbox's in-memory database: users, virtual keys, teams, organisations, invitation links and the
/// record of deletions. Thread-safe; every read returns an immutable snapshot.
/// </summary>
/// <remarks>
/// Locking: one lock, <see cref="Gate"/>. The HTTP pipeline takes it once per request around authentication and
/// the handler, so every internal member (the ones handlers call) assumes it is held and takes no lock of its
/// own. The public members are for tests, seeding and tools outside a request, and take the lock themselves
/// (it is re-entrant, so calling one from a handler is harmless).
/// </remarks>
public sealed partial class SandboxStore
{
    /// <summary>Keys with this team id are Admin UI session tokens; LiteLLM hides them from key counts and listings.</summary>
    internal const string UiSessionTeamId = "litellm-dashboard";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    /// <summary>The user rows by id (LiteLLM's primary key): every lookup by id.</summary>
    private readonly Dictionary<string, UserSlot> _users = new(StringComparer.Ordinal);

    /// <summary>Why: <c>/user/list?sort_by=user_id</c> (how every client pages) serves a page in O(U/512 + page) and a
    /// delete removes a user in O(1 block) at 200,000 users, instead of sorting or shifting the whole table.</summary>
    private readonly OrderedSlotList _byId = new(SlotOrder.ById);

    /// <summary>Why: the default <c>/user/list</c> order (<c>created_at desc</c>) and <c>/user/filter/ui</c> page without a sort.</summary>
    private readonly OrderedSlotList _byCreated = new(SlotOrder.ByCreated);

    /// <summary>Why: <c>/user/new</c>'s case-insensitive duplicate-email check and <c>/user/update</c>'s email path
    /// cost one lookup instead of a scan of every user per request (lower-cased email → users).</summary>
    private readonly Dictionary<string, List<UserSlot>> _byEmail = new(StringComparer.Ordinal);

    /// <summary>Why: <c>/user/list?user_email=</c> is a substring filter; one vectorised search over one buffer keeps
    /// a lookup at 200,000 users from holding the lock for tens of milliseconds.</summary>
    private readonly EmailSearchIndex _emailSearch = new();

    /// <summary>The key rows by hash (LiteLLM's primary key): authentication and key lookups.</summary>
    private readonly Dictionary<string, SandboxKey> _keys = new(StringComparer.Ordinal);

    /// <summary>Why: <c>key_count</c> of every <c>/user/list</c> row and the key cascade of a user delete read one
    /// user's keys without scanning every key.</summary>
    private readonly Dictionary<string, List<SandboxKey>> _keysByUser = new(StringComparer.Ordinal);

    private readonly Dictionary<string, SandboxTeam> _teams = new(StringComparer.Ordinal);
    private readonly List<string> _teamOrder = [];

    /// <summary>Why: membership rows indexed by user, so deleting a batch of users does not read every row once per user.</summary>
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

            seeded = slots.ConvertAll(s => (s, s.User, KeyCountOf(s.User.UserId))).ToArray();
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
                if (slot.ListRow is null && !slot.Deleted && ReferenceEquals(slot.User, user) && KeyCountOf(user.UserId) == keyCount)
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
                InsertTeam(teamId, alias: null, organizationId: null);
            }

            AddToTeam(teamId, slot.User.UserId, "user");
        }

        for (var k = 0; k < seed.KeyCount; k++)
        {
            IssueKey(slot.User.UserId, alias: null, teamId: null, rawKey: null, createdBy: null, material: material?[k]);
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

}
