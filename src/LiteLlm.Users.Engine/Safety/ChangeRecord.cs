using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>The outcome of one change to one user.</summary>
/// <param name="Kind">What was done.</param>
/// <param name="UserId">The user.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Success">Whether it took effect.</param>
/// <param name="Outcome">The result word or error reason as written to the output files.</param>
internal sealed record ChangeRecord(ChangeKind Kind, string? UserId, string? Email, bool Success, string Outcome);
