using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Input;

/// <summary>
/// A CSV that lists users by email: an <c>email</c> column (or <c>user_email</c>), duplicates flagged,
/// unusable values marked; and the first line of each different email (the emails to resolve).
/// </summary>
/// <param name="Rows">The rows, in file order.</param>
/// <param name="FirstLines">Each usable email's comparison key, with the line it first appears on.</param>
internal sealed record EmailInput(IReadOnlyList<EmailInputRow> Rows, IReadOnlyDictionary<string, int> FirstLines)
{
    /// <summary>Reads the rows; throws <see cref="InputException"/> when the file is unusable or has no emails.</summary>
    public static EmailInput Read(string path)
    {
        // Streamed: a CSV of a million rows is never held as records, only as these small rows.
        using var records = CsvTable.Open(path, [InputText.EmailColumn]);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<EmailInputRow>();
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

        rows.TrimExcess();
        return new EmailInput(rows, firstLine);
    }

    /// <summary>What the rows hold, as a command reports it before it connects.</summary>
    public InputSummary Summary => new(Rows.Count, FirstLines.Count);
}
