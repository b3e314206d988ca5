namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>Which changes a sync run makes. Removal is opt-in.</summary>
public sealed record SyncMode
{
    /// <summary>Only create users (--add-only).</summary>
    public bool AddOnly { get; init; }

    /// <summary>Only remove users (--remove-only).</summary>
    public bool RemoveOnly { get; init; }

    /// <summary>Create, but do not update, existing users (--no-update).</summary>
    public bool NoUpdate { get; init; }

    /// <summary>Also remove users the roster does not list (--allow-remove).</summary>
    public bool AllowRemove { get; init; }

    /// <summary>Remove by disabling, not deleting (--remove-mode disable): reversible with enable, and deleted later with delete --disabled-before.</summary>
    public bool DisableRemovals { get; init; }

    /// <summary>What a removal is with this mode: <see cref="SyncAction.Deleted"/> or <see cref="SyncAction.Disabled"/>.</summary>
    public SyncAction RemovalAction => DisableRemovals ? SyncAction.Disabled : SyncAction.Deleted;

    /// <summary>Why this mode does not make a change of this kind (an option name and what to do), or null when it does.</summary>
    public string? WhyNot(SyncAction action) => action switch
    {
        SyncAction.Added when RemoveOnly => "--remove-only",
        SyncAction.Updated when AddOnly => "--add-only",
        SyncAction.Updated when RemoveOnly => "--remove-only",
        SyncAction.Updated when NoUpdate => "--no-update",
        SyncAction.Deleted or SyncAction.Disabled when AddOnly => "--add-only",
        SyncAction.Deleted or SyncAction.Disabled when !RemoveOnly && !AllowRemove => "removal is off (use --allow-remove or --remove-only)",
        _ => null,
    };
}
