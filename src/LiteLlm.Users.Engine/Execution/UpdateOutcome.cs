using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>What happened to one update.</summary>
/// <param name="User">The user as it is now, as far as this run knows (id, role, teams, models).</param>
/// <param name="Reason">Why it failed (the steps before the failure took effect), or null.</param>
internal sealed record UpdateOutcome(LiteLlmUser User, string? Reason)
{
    /// <summary>Whether every step took effect.</summary>
    public bool Succeeded => Reason is null;
}
