namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>What a disable run decided for a row (the plan file's <c>action</c>).</summary>
internal enum DisableAction
{
    /// <summary>The row's user(s) will be disabled (or, when already disabled, checked and finished).</summary>
    Disable,

    /// <summary>No user has this email.</summary>
    NotFound,

    /// <summary>Several users have this email and --all-matches is off.</summary>
    Ambiguous,

    /// <summary>The email already appeared on an earlier line.</summary>
    Duplicate,

    /// <summary>A matched user is protected (admin, the key's owner, or listed in --protect).</summary>
    Protected,

    /// <summary>The value cannot be sent, or a plan row does not hold together.</summary>
    Invalid,

    /// <summary>An interrupted run already finished this row.</summary>
    AlreadyDone,
}
