namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>A removal candidate as the journal keeps it, so a resumed run removes exactly the users the interrupted run planned (once removed, a rerun would not see them).</summary>
/// <param name="Line">The row's line (after the roster's last line).</param>
/// <param name="UserId">The user.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Role">The user's role.</param>
/// <param name="Teams">The user's team ids.</param>
internal sealed record SyncCandidate(int Line, string UserId, string? Email, string? Role, IReadOnlyList<string> Teams);
