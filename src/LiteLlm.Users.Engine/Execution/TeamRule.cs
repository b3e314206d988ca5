namespace LiteLlm.Users.Engine.Execution;

/// <summary>How a row's team cell is applied to an existing user.</summary>
internal enum TeamRule
{
    /// <summary>Join the row's teams the user is not in yet; never leave one (add --update-existing).</summary>
    JoinOnly,

    /// <summary>The user ends in exactly the row's teams: join the missing ones, leave the others (sync). An empty cell changes nothing.</summary>
    Exact,
}
