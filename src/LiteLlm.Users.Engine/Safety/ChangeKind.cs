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
}
