using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>An input row of a delete run (a value type: a million-row CSV is held as one array of these).</summary>
/// <param name="Line">Line in the CSV.</param>
/// <param name="Email">Trimmed value.</param>
/// <param name="DuplicateOf">Line of the first row with the same email, when this one repeats it.</param>
/// <param name="Problem">Why the value is never sent (too long, control characters), or null.</param>
internal readonly record struct DeleteInputRow(int Line, string Email, int? DuplicateOf, string? Problem = null)
{
    /// <summary>The comparison key of the email.</summary>
    public string Key => EmailKey.Normalize(Email);
}
