using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>A failed row, as the end-of-run summary lists it.</summary>
/// <param name="Subject">Who the row is about (its email).</param>
/// <param name="Reason">Why it failed.</param>
public sealed record RowFailure(string Subject, string Reason);
