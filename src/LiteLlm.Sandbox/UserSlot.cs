namespace LiteLlm.Sandbox;

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
    /// This user's <c>/user/list</c> row as UTF-8 JSON (<see cref="SandboxStore.ListRowOf"/>); <c>null</c> until
    /// written and whenever it went stale: a new snapshot (<see cref="User"/>, which carries <c>teams</c>) or a
    /// key of the user added or removed (<c>key_count</c>). Why: a <c>/user/list</c> page of 100 users is then mostly
    /// byte copies, not 100 serialisations, which is what keeps a 200,000-user enumeration cheap under the lock.
    /// Set and cleared under the store's lock; the array never changes once set.
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
