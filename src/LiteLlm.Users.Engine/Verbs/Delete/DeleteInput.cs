using LiteLlm.Users.Engine.Input;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>Reads the delete CSV (<see cref="EmailInput"/>: an <c>email</c> column, duplicates flagged, unusable values marked).</summary>
internal static class DeleteInput
{
    /// <summary>Reads the rows; throws <see cref="InputException"/> when the file is unusable or has no emails.</summary>
    public static IReadOnlyList<DeleteInputRow> Read(string path) =>
        [.. EmailInput.Read(path).Select(r => new DeleteInputRow(r.Line, r.Email, r.DuplicateOf, r.Problem))];
}
