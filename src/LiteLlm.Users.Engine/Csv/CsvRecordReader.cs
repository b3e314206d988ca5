using System.Collections;
using System.Text;
using nietras.SeparatedValues;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>
/// The rows of one input CSV, read one at a time (see <see cref="CsvTable.Open(string, IReadOnlyList{CsvColumn}, IReadOnlyList{CsvColumn}?)"/>).
/// The header has been read and checked when this exists; enumerating reads the data rows, once.
/// Memory stays flat whatever the file's size: one row (at most <see cref="MaxRowLength"/>
/// characters) is held at a time, and only the wanted columns are kept from it.
/// </summary>
internal sealed class CsvRecordReader : IEnumerable<CsvRecord>, IDisposable
{
    /// <summary>The longest row (in characters) a file may hold: Sep's own limit (16 Mi characters).</summary>
    public const int MaxRowLength = 16 * 1024 * 1024;

    private const int MaxHeaderNamesShown = 12;
    private readonly TextReader _text;
    private readonly SepReader _sep;
    private readonly string _name;
    private readonly (int Index, string Name)[] _columns;
    private readonly string[] _names;
    private readonly Func<int, Exception, InputException> _notUtf8;
    private bool _started;

    internal CsvRecordReader(TextReader text, string name, IReadOnlyList<CsvColumn> required, IReadOnlyList<CsvColumn> optional, Func<int, Exception, InputException> notUtf8)
    {
        _text = text;
        _name = name;
        _notUtf8 = notUtf8;
        try
        {
            _sep = Sep.New(',').Reader(o => o with
            {
                HasHeader = false,
                DisableColCountCheck = true,
                Unescape = true,
                Trim = SepTrim.All,
            }).From(text);
            var header = ReadHeader() ?? throw new InputException($"CSV file '{name}' is empty: it needs a header row with {Describe(required)}.");
            Header = header;
            _columns = MapHeader(header, [.. required, .. optional]);
            _names = [.. _columns.Select(c => c.Name)];
            var missing = required.Where(c => !_columns.Any(m => m.Name == c.Name)).ToList();
            if (missing.Count > 0)
            {
                throw new InputException($"CSV file '{name}' has no {Describe(missing)} column (header: {ShowHeader(header)}).");
            }
        }
        catch (DecoderFallbackException ex)
        {
            Dispose();
            throw notUtf8(0, ex);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The header's names as the file spells them (trimmed, without a BOM).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>
    /// The data rows in file order; blank rows (every wanted cell empty) are skipped. Can be
    /// enumerated once.
    /// </summary>
    /// <exception cref="InputException">While reading: a quote is never closed, a row is longer than <see cref="MaxRowLength"/>, or the bytes are not UTF-8.</exception>
    public IEnumerator<CsvRecord> GetEnumerator()
    {
        if (_started)
        {
            throw new InvalidOperationException("The rows of a CSV can be read once.");
        }

        _started = true;
        return Rows();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public void Dispose()
    {
        _sep?.Dispose();
        _text.Dispose();
    }

    private IEnumerator<CsvRecord> Rows()
    {
        var lastLine = 1;
        while (Next())
        {
            var row = _sep.Current;
            lastLine = row.LineNumberFrom;
            CheckClosedQuotes(row, lastLine);
            var values = new string[_columns.Length];
            var anyValue = false;
            for (var i = 0; i < _columns.Length; i++)
            {
                var index = _columns[i].Index;
                values[i] = index < row.ColCount ? Value(row[index].Span) : string.Empty;
                anyValue |= values[i].Length > 0;
            }

            if (anyValue)
            {
                yield return new CsvRecord(lastLine, new CsvValues(_names, values));
            }
        }

        bool Next()
        {
            try
            {
                return _sep.MoveNext();
            }
            catch (NotSupportedException ex)
            {
                // Sep refuses a row past its buffer limit rather than growing without bound.
                throw new InputException($"CSV file '{_name}' has a row longer than {MaxRowLength:N0} characters after line {lastLine} (a quote that is never closed?).", ex);
            }
            catch (DecoderFallbackException ex)
            {
                throw _notUtf8(lastLine, ex);
            }
        }
    }

    /// <summary>The first row that is not blank (blank lines before the header are skipped), as trimmed names.</summary>
    private string[]? ReadHeader()
    {
        for (var first = true; ; first = false)
        {
            try
            {
                if (!_sep.MoveNext())
                {
                    return null;
                }
            }
            catch (NotSupportedException ex)
            {
                throw new InputException($"CSV file '{_name}' has a header longer than {MaxRowLength:N0} characters (a quote that is never closed?).", ex);
            }
            catch (DecoderFallbackException ex)
            {
                throw _notUtf8(0, ex);
            }

            var row = _sep.Current;
            if (row.Span.IsWhiteSpace())
            {
                continue;
            }

            // Sep numbers the very first row's line oddly; it is line 1.
            CheckClosedQuotes(row, first ? 1 : row.LineNumberFrom);
            var names = new string[row.ColCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = Clean(row[i].Span);
            }

            return names;
        }
    }

    /// <summary>
    /// A row with an odd number of quotes ends inside a quoted field: the quote was never closed and
    /// everything up to the end of the file became one cell. Refused rather than silently merging rows.
    /// </summary>
    private void CheckClosedQuotes(SepReader.Row row, int line)
    {
        if ((row.Span.Count('"') & 1) != 0)
        {
            throw new InputException($"CSV file '{_name}' has a quote that is never closed, in the row starting on line {line}.");
        }
    }

    private static string Value(ReadOnlySpan<char> cell) => cell.Trim().ToString();

    private static string Clean(ReadOnlySpan<char> header) => header.Trim().Trim('\uFEFF').Trim().ToString();

    private static (int Index, string Name)[] MapHeader(string[] header, IEnumerable<CsvColumn> wanted)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in wanted)
        {
            byName.TryAdd(column.Name, column.Name);
            foreach (var alias in column.Aliases)
            {
                byName.TryAdd(alias, column.Name);
            }
        }

        var map = new List<(int Index, string Name)>();
        for (var i = 0; i < header.Length; i++)
        {
            if (byName.TryGetValue(header[i], out var canonical) && !map.Any(m => m.Name == canonical))
            {
                map.Add((i, canonical));
            }
        }

        return [.. map];
    }

    private static string ShowHeader(string[] header)
    {
        var shown = string.Join(", ", header.Take(MaxHeaderNamesShown).Select(h => $"'{CsvTable.Excerpt(h, 40)}'"));
        return header.Length > MaxHeaderNamesShown ? $"{shown} and {header.Length - MaxHeaderNamesShown} more" : shown;
    }

    private static string Describe(IEnumerable<CsvColumn> columns) =>
        string.Join(" or ", columns.Select(c => $"'{c.Name}'"));
}
