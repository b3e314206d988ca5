using System.Text;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>
/// Reads input CSVs the forgiving way: header names ignore case and spaces, a UTF-8 BOM, CRLF,
/// quoted fields (with line breaks inside) and extra columns are fine, values are trimmed and blank
/// rows skipped. Problems with the file itself become one-line <see cref="InputException"/>s: a
/// missing or empty file, no wanted column, bytes that are not UTF-8 (with the first bad line), a
/// quote that is never closed, a row too long to be real.
/// </summary>
/// <remarks>
/// Parsing is Sep's (nietras.SeparatedValues): no reflection, so it is trim- and Native-AOT-safe,
/// and it is the fastest .NET CSV parser. <see cref="Open(string, IReadOnlyList{CsvColumn}, IReadOnlyList{CsvColumn}?)"/>
/// streams the rows one at a time (a million-row file is never held in memory);
/// <see cref="Read(string, IReadOnlyList{CsvColumn}, IReadOnlyList{CsvColumn}?)"/> collects them.
/// </remarks>
internal static class CsvTable
{
    /// <summary>The longest row (in characters) a file may hold; longer means a broken file (usually an unclosed quote).</summary>
    public const int MaxRowLength = CsvRecordReader.MaxRowLength;

    /// <summary>Reads <paramref name="path"/>; at least one of <paramref name="required"/>'s spellings must be in the header.</summary>
    public static IReadOnlyList<CsvRecord> Read(string path, IReadOnlyList<CsvColumn> required, IReadOnlyList<CsvColumn>? optional = null)
    {
        using var reader = Open(path, required, optional);
        return [.. reader];
    }

    /// <summary>Reads CSV text from a reader (for tests and stdin).</summary>
    public static IReadOnlyList<CsvRecord> Read(TextReader reader, string name, IReadOnlyList<CsvColumn> required, IReadOnlyList<CsvColumn> optional)
    {
        using var records = Open(reader, name, required, optional);
        return [.. records];
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading its rows one at a time, in file order. The header
    /// (the required columns) and, for a file, all its bytes (valid UTF-8) are checked here, before
    /// any row is returned, so a bad file is refused before anything is done with its first rows. A
    /// pipe (/dev/stdin, a process substitution) is read once, so a bad byte in it is found while
    /// enumerating.
    /// </summary>
    /// <exception cref="InputException">The file is missing, unreadable, not UTF-8, empty, or lacks a required column.</exception>
    public static CsvRecordReader Open(string path, IReadOnlyList<CsvColumn> required, IReadOnlyList<CsvColumn>? optional = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(required);
        if (!File.Exists(path))
        {
            throw new InputException($"CSV file '{path}' not found.");
        }

        Stream? stream = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek)
            {
                // A file: check every byte first, so a bad file is refused before its first row is used.
                if (Utf8Check.FirstBadLine(stream) is { } badLine)
                {
                    throw new InputException($"CSV file '{path}' is not valid UTF-8 (first bad byte on line {badLine}); save it as UTF-8 and try again.");
                }

                stream.Position = 0;
            }

            // A pipe (--csv-file /dev/stdin, <(...)) is read once: the strict decoder finds a bad byte then.
            var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            return new CsvRecordReader(reader, path, required, optional ?? [], NotUtf8After(path));
        }
        catch (IOException ex)
        {
            stream?.Dispose();
            throw new InputException($"Failed to read CSV file '{path}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            stream?.Dispose();
            throw new InputException($"Failed to read CSV file '{path}': {ex.Message}", ex);
        }
        catch
        {
            stream?.Dispose();
            throw;
        }
    }

    /// <summary>Opens CSV text from a reader for reading its rows one at a time (the reader is disposed with the result).</summary>
    public static CsvRecordReader Open(TextReader reader, string name, IReadOnlyList<CsvColumn> required, IReadOnlyList<CsvColumn> optional)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(optional);
        return new CsvRecordReader(reader, name, required, optional, NotUtf8After(name));
    }

    /// <summary>
    /// A value as a message may show it: at most <paramref name="max"/> characters (then "…" and the
    /// full length), line breaks and other control characters as spaces, so one line stays one line
    /// however large or strange the cell.
    /// </summary>
    public static string Excerpt(string? value, int max = 60)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var shown = value.Length <= max ? value : value[..max];
        var clean = string.Create(shown.Length, shown, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? ' ' : text[i];
            }
        });
        return value.Length <= max ? clean : $"{clean}… ({value.Length:N0} characters)";
    }

    private static Func<int, Exception, InputException> NotUtf8After(string name) =>
        (line, cause) => new($"CSV file '{name}' is not valid UTF-8{(line > 1 ? $" (first bad byte after line {line})" : string.Empty)}; save it as UTF-8 and try again.", cause);
}
