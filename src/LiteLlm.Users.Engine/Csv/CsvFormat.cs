using System.Buffers;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>
/// How the tool writes CSV (a contract, pinned by golden tests): RFC 4180, comma, CRLF after every
/// row, a field quoted only when it must be (it holds a quote, a comma, a CR or LF, or starts or
/// ends with a space), quotes doubled inside. A cell starting with <c>= + - @</c>, tab or CR is
/// prefixed with <c>'</c> (and quoted) so a spreadsheet shows it as text instead of running it as a
/// formula (OWASP "CSV injection"). The caller picks the encoding: every file of the tool is UTF-8
/// without a BOM.
/// </summary>
/// <remarks>
/// Hand-written rather than a library's writer because these bytes are the contract: Sep's writer
/// ends rows with LF only and does not quote leading or trailing spaces, and CsvHelper's (used
/// before) left a field with a lone CR or LF unquoted, which split the row when read back.
/// </remarks>
internal static class CsvFormat
{
    /// <summary>The line ending after every row.</summary>
    public const string NewLine = "\r\n";

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create("\",\r\n");

    /// <summary>Writes one row: the fields, escaped, separated by commas, then CRLF.</summary>
    public static void WriteRow(TextWriter writer, IEnumerable<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fields);
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            WriteField(writer, field ?? string.Empty);
        }

        writer.Write(NewLine);
    }

    /// <summary>One field as it appears in a row: formula-escaped, then quoted if it must be.</summary>
    public static string Field(string? value)
    {
        using var writer = new StringWriter();
        WriteField(writer, value ?? string.Empty);
        return writer.ToString();
    }

    /// <summary>
    /// The value with <c>'</c> in front when a spreadsheet would read it as a formula (it starts with
    /// <c>= + - @</c>, tab or CR); otherwise the value itself. For formats without quoting (TSV).
    /// </summary>
    public static string Defuse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsFormula(value) ? "'" + value : value;
    }

    private static bool IsFormula(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static void WriteField(TextWriter writer, string value)
    {
        var formula = IsFormula(value);
        var quote = formula
            || value.AsSpan().IndexOfAny(NeedsQuotes) >= 0
            || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        if (!quote)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        if (formula)
        {
            writer.Write('\'');
        }

        var rest = value.AsSpan();
        int at;
        while ((at = rest.IndexOf('"')) >= 0)
        {
            writer.Write(rest[..(at + 1)]);
            writer.Write('"');
            rest = rest[(at + 1)..];
        }

        writer.Write(rest);
        writer.Write('"');
    }
}
