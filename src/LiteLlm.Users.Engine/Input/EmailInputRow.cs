using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Input;

/// <summary>A row of a CSV that lists users by email (delete, disable, enable): a value type, so a million-row CSV is one array of these.</summary>
/// <param name="Line">Line in the CSV.</param>
/// <param name="Email">Trimmed value.</param>
/// <param name="DuplicateOf">Line of the first row with the same email, when this one repeats it.</param>
/// <param name="Problem">Why the value is never sent (too long, control characters), or null.</param>
internal readonly record struct EmailInputRow(int Line, string Email, int? DuplicateOf, string? Problem = null)
{
    /// <summary>The comparison key of the email.</summary>
    public string Key => EmailKey.Normalize(Email);
}
