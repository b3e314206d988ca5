using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>What kind of change a run makes.</summary>
internal enum ChangeKind
{
    /// <summary>A user is deleted.</summary>
    Delete,

    /// <summary>A user is created.</summary>
    Create,

    /// <summary>A user's fields are updated.</summary>
    Update,

    /// <summary>A user joins a team.</summary>
    TeamAdd,

    /// <summary>A user leaves a team.</summary>
    TeamRemove,

    /// <summary>A deleted user is recreated from a backup.</summary>
    Restore,

    /// <summary>A user is disabled: keys blocked, role set to internal_user_viewer, the record written.</summary>
    Disable,

    /// <summary>A disabled user is enabled again: the recorded keys unblocked, the role restored, the record removed.</summary>
    Enable,
}
