using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>A group of users deleted in one call of the client.</summary>
/// <param name="Users">The users (current rows, so their teams are known).</param>
internal sealed record DeleteBatch(IReadOnlyList<LiteLlmUser> Users)
{
    /// <summary>The ids, in order.</summary>
    public IReadOnlyList<string> Ids { get; } = [.. Users.Select(u => u.UserId)];

    /// <summary>Every team any of these users is in.</summary>
    public IReadOnlyList<string> Teams { get; } = [.. Users.SelectMany(u => u.Teams ?? []).Distinct(StringComparer.Ordinal)];
}
