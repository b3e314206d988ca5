using System.Globalization;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// How many deletions a run may make: at most <see cref="Count"/> users, and at most
/// <see cref="Percent"/> of the users on the server — except that a run of
/// <see cref="SmallRun"/> deletions or fewer is never refused by the percentage.
/// </summary>
public sealed record DeleteLimit(int? Count, double? Percent)
{
    /// <summary>A run this small is never refused by the percentage.</summary>
    public const int SmallRun = 10;

    /// <summary>The default: 100 users and 25 % of the server.</summary>
    public static DeleteLimit Default { get; } = new(100, 25);

    /// <summary>Parses <c>N</c> or <c>N%</c> (one value replaces both defaults).</summary>
    public static DeleteLimit Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.EndsWith('%')
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            && percent is > 0 and <= 100)
        {
            return new DeleteLimit(null, percent);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 0)
        {
            return new DeleteLimit(count, null);
        }

        throw new InputException($"--max-delete '{value}' is not a number of users (e.g. 250) or a percentage of the server's users (e.g. 30%).");
    }

    /// <summary>Why a run of <paramref name="deletions"/> out of <paramref name="serverUsers"/> is refused, or null when it may go on.</summary>
    public string? Check(int deletions, int serverUsers) => Check(deletions, serverUsers, "delete");

    /// <summary>Why a run that would <paramref name="action"/> ("delete", "disable") <paramref name="deletions"/> out of <paramref name="serverUsers"/> users is refused, or null.</summary>
    public string? Check(int deletions, int serverUsers, string action)
    {
        if (Count is { } max && deletions > max)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Refused: this run would {action} {deletions} users, more than the limit of {max}. Check the CSV; if it is right, raise the limit with --max-delete {deletions} (or --max-delete {Suggest(deletions, serverUsers)}%).");
        }

        if (Percent is { } share && deletions > SmallRun && serverUsers > 0 && deletions * 100.0 / serverUsers > share)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Refused: this run would {action} {deletions} of the server's {serverUsers} users ({deletions * 100.0 / serverUsers:0.#}%), more than the limit of {share:0.#}%. Check the CSV and --base-url; if they are right, raise the limit with --max-delete {Suggest(deletions, serverUsers)}% (or --max-delete {deletions}).");
        }

        return null;
    }

    private static int Suggest(int deletions, int serverUsers) =>
        serverUsers <= 0 ? 100 : Math.Min(100, (int)Math.Ceiling(deletions * 100.0 / serverUsers));
}
