using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Input;

/// <summary>
/// A CSV that lists users by email: an <c>email</c> column (or <c>user_email</c>), duplicates flagged,
/// unusable values marked, the rows packed (<see cref="EmailRows"/>); and the different emails' keys,
/// the set that found the duplicates, for the resolution (then let go).
/// </summary>
/// <param name="Rows">The rows, in file order.</param>
/// <param name="Keys">Each different usable email's comparison key (Contains is a look-up).</param>
internal sealed record EmailInput(IReadOnlyList<EmailInputRow> Rows, IReadOnlyCollection<string> Keys)
{
    /// <summary>Reads the rows; throws <see cref="InputException"/> when the file is unusable or has no emails.</summary>
    public static EmailInput Read(string path)
    {
        // Streamed: a CSV of a million rows is never held as records, only packed.
        using var records = CsvTable.Open(path, [InputText.EmailColumn]);
        var rows = new EmailRows();
        foreach (var record in records)
        {
            var email = record.Get("email");
            if (email is null)
            {
                continue;
            }

            if (InputText.EmailProblem(email) is { } problem)
            {
                rows.AddUnusable(record.Line, email, problem);
                continue;
            }

            rows.Add(record.Line, email, EmailKey.Normalize(email));
        }

        if (rows.Count == 0)
        {
            throw new InputException($"No emails found in '{path}'.");
        }

        rows.TrimExcess();
        return new EmailInput(rows, rows.TakeKeys());
    }

    /// <summary>What the rows hold, as a command reports it before it connects.</summary>
    public InputSummary Summary => new(Rows.Count, Keys.Count);
}
