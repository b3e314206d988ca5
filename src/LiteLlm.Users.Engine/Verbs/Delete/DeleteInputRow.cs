using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>An input row of a delete run.</summary>
/// <param name="Line">Line in the CSV.</param>
/// <param name="Email">Trimmed value.</param>
/// <param name="DuplicateOf">Line of the first row with the same email, when this one repeats it.</param>
/// <param name="Problem">Why the value is never sent (too long, control characters), or null.</param>
internal sealed record DeleteInputRow(int Line, string Email, int? DuplicateOf, string? Problem = null)
{
    /// <summary>The comparison key of the email.</summary>
    public string Key => EmailKey.Normalize(Email);
}
