using System.Globalization;
using System.Text;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// Text shown to a person on a terminal, made safe: every control character a value carries (C0
/// including line breaks and tabs, DEL, C1, ESC, and the bidirectional overrides that reorder what
/// is shown) appears in a visible escaped form (<c>\x1b</c>, <c>\n</c>, <c>\u202e</c>), so an email
/// or a server message cannot move the cursor, erase or recolour lines, or fake a line of its own.
/// Data outputs (CSV files, <c>list</c> to a pipe or file) never pass through here: they keep the data.
/// </summary>
/// <remarks>
/// Two layers use it: <see cref="RedactingTextWriter"/> escapes everything but the line feed in all
/// it prints (the tool's own line breaks survive), and <see cref="Text"/> builds a line from a
/// template whose literal parts are the tool's and whose holes (emails, ids, reasons) are data,
/// escaped line breaks included.
/// </remarks>
public static class Printable
{
    /// <summary>True when <paramref name="c"/> is shown escaped: C0, DEL, C1 and the bidirectional embeddings, overrides and isolates.</summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || c is >= '\u007f' and <= '\u009f' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';

    /// <summary>Every unsafe character of <paramref name="value"/> escaped, line breaks included (a value is one line).</summary>
    public static string Escape(string? value) => Escape(value, keepLineFeeds: false);

    /// <summary>Every unsafe character escaped; with <paramref name="keepLineFeeds"/>, <c>\n</c> (and a <c>\r</c> right before it, which overwrites nothing) stays a line break.</summary>
    public static string Escape(string? value, bool keepLineFeeds)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var first = IndexOfUnsafe(value, keepLineFeeds);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16).Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (!IsUnsafe(c) || (keepLineFeeds && IsLineBreak(value, i)))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < '\u0080' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
            });
        }

        return builder.ToString();
    }

    /// <summary>
    /// Formats a line for a person (invariant culture): the template's literal text is the tool's
    /// and stays as written; every string hole (and any other object but a number or a date) is
    /// data and is escaped with <see cref="Escape(string?)"/>.
    /// </summary>
    public static string Text(FormattableString template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var arguments = template.GetArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = arguments[i] switch
            {
                null => string.Empty,
                string s => Escape(s),
                IFormattable formattable when formattable is not Uri => formattable,
                var other => Escape(Convert.ToString(other, CultureInfo.InvariantCulture)),
            };
        }

        return string.Format(CultureInfo.InvariantCulture, template.Format, arguments);
    }

    /// <summary><c>1 user</c>, <c>2 users</c>: a count with its noun (plural: the noun plus s unless given).</summary>
    public static string Count(int count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural ?? singular + "s")}");

    /// <summary>
    /// Ends <paramref name="text"/> as a sentence: one period, never two (a server's "No connected db."
    /// followed by the tool's own period).
    /// </summary>
    public static string Sentence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimEnd();
        return trimmed.EndsWith('.') || trimmed.EndsWith('!') || trimmed.EndsWith('?') ? trimmed : trimmed + ".";
    }

    private static bool IsLineBreak(string value, int i) => value[i] == '\n' || (value[i] == '\r' && i + 1 < value.Length && value[i + 1] == '\n');

    private static int IndexOfUnsafe(string value, bool keepLineFeeds)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (IsUnsafe(value[i]) && !(keepLineFeeds && IsLineBreak(value, i)))
            {
                return i;
            }
        }

        return -1;
    }
}
