namespace LiteLlm.Users.Engine.Verbs.Enable;

/// <summary>What an enable run decided for a row.</summary>
internal enum EnableAction
{
    /// <summary>The row's user(s) will be enabled.</summary>
    Enable,

    /// <summary>No user has this email.</summary>
    NotFound,

    /// <summary>Several users have this email and --all-matches is off.</summary>
    Ambiguous,

    /// <summary>The email already appeared on an earlier line.</summary>
    Duplicate,

    /// <summary>A matched user cannot be enabled: not disabled by litellm-users, or its record would restore proxy_admin.</summary>
    Refused,

    /// <summary>The value cannot be sent.</summary>
    Invalid,

    /// <summary>An interrupted run already finished this row.</summary>
    AlreadyDone,
}
