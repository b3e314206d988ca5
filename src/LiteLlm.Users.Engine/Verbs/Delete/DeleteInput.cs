using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>The rows of a delete CSV, and the first line of each different email (the emails to resolve).</summary>
/// <param name="Rows">The rows, in file order.</param>
/// <param name="FirstLines">Each usable email's comparison key, with the line it first appears on.</param>
internal sealed record DeleteInput(IReadOnlyList<DeleteInputRow> Rows, IReadOnlyDictionary<string, int> FirstLines)
{
    /// <summary>Reads the rows; throws <see cref="InputException"/> when the file is unusable or has no emails.</summary>
    public static DeleteInput Read(string path)
    {
        // Streamed: a CSV of a million rows is never held as records, only as these small rows.
        using var records = CsvTable.Open(path, [InputText.EmailColumn]);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<DeleteInputRow>();
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

        rows.TrimExcess();
        return new DeleteInput(rows, firstLine);
    }
}
