namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>One row of a sync plan, as a reviewer reads it.</summary>
/// <param name="Line">The roster line; null for a user the roster does not list.</param>
/// <param name="Action">added, updated, deleted or unchanged.</param>
/// <param name="Status">planned, skipped, protected or failed.</param>
/// <param name="Email">The roster's email, or the user's.</param>
/// <param name="UserId">The user (a new user's chosen id).</param>
/// <param name="Role">The role after the run.</param>
/// <param name="Teams">The team names (or ids) after the run.</param>
/// <param name="Changes">For an update: what changes.</param>
/// <param name="Reason">Why the row is skipped, protected or failed.</param>
internal sealed record SyncPlanEntry(int? Line, SyncAction Action, SyncStatus Status, string Email, string? UserId, string? Role, IReadOnlyList<string> Teams, string? Changes, string? Reason);
