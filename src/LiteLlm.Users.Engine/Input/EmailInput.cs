using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Input;

/// <summary>A row of a CSV that lists users by email (delete, disable, enable).</summary>
/// <param name="Line">Line in the CSV.</param>
/// <param name="Email">Trimmed value.</param>
/// <param name="DuplicateOf">Line of the first row with the same email, when this one repeats it.</param>
/// <param name="Problem">Why the value is never sent (too long, control characters), or null.</param>
internal sealed record EmailInputRow(int Line, string Email, int? DuplicateOf, string? Problem = null)
{
    /// <summary>The comparison key of the email.</summary>
    public string Key => EmailKey.Normalize(Email);
}

/// <summary>Reads a CSV that lists users by email: an <c>email</c> column (or <c>user_email</c>), duplicates flagged, unusable values marked.</summary>
internal static class EmailInput
{
    /// <summary>Reads the rows; throws <see cref="InputException"/> when the file is unusable or has no emails.</summary>
    public static IReadOnlyList<EmailInputRow> Read(string path)
    {
        var records = CsvTable.Read(path, [InputText.EmailColumn]);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<EmailInputRow>(records.Count);
        foreach (var record in records)
        {
            var email = record.Get("email");
            if (email is null)
            {
                continue;
            }

            if (InputText.EmailProblem(email) is { } problem)
            {
                rows.Add(new EmailInputRow(record.Line, email, null, problem));
                continue;
            }

            var key = EmailKey.Normalize(email);
            int? duplicateOf = firstLine.TryGetValue(key, out var first) ? first : null;
            firstLine.TryAdd(key, record.Line);
            rows.Add(new EmailInputRow(record.Line, email, duplicateOf));
        }

        if (rows.Count == 0)
        {
            throw new InputException($"No emails found in '{path}'.");
        }

        return rows;
    }

    /// <summary>What the rows hold, as a command reports it before it connects.</summary>
    public static InputSummary Summarize(IReadOnlyList<EmailInputRow> rows) =>
        new(rows.Count, rows.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
}
