using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>Reads the delete CSV: an <c>email</c> column (or <c>user_email</c>), duplicates flagged, unusable values marked.</summary>
internal static class DeleteInput
{
    /// <summary>Reads the rows; throws <see cref="InputException"/> when the file is unusable or has no emails.</summary>
    public static IReadOnlyList<DeleteInputRow> Read(string path)
    {
        var records = CsvTable.Read(path, [InputText.EmailColumn]);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<DeleteInputRow>(records.Count);
        foreach (var record in records)
        {
            var email = record.Get("email");
            if (email is null)
            {
                continue;
            }

            if (InputText.EmailProblem(email) is { } problem)
            {
                rows.Add(new DeleteInputRow(record.Line, email, null, problem));
                continue;
            }

            var key = EmailKey.Normalize(email);
            int? duplicateOf = firstLine.TryGetValue(key, out var first) ? first : null;
            firstLine.TryAdd(key, record.Line);
            rows.Add(new DeleteInputRow(record.Line, email, duplicateOf));
        }

        if (rows.Count == 0)
        {
            throw new InputException($"No emails found in '{path}'.");
        }

        return rows;
    }
}
