using System.Collections;
using nietras.SeparatedValues;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>
/// The rows of one input CSV, read one at a time (see <see cref="CsvTable.Open(string, IReadOnlyList{CsvColumn}, IReadOnlyList{CsvColumn}?)"/>).
/// The header has been read and checked when this exists; enumerating reads the data rows, once.
/// Memory stays flat whatever the file's size: one row (at most <see cref="MaxRowLength"/>
/// characters) is held at a time, and only the wanted columns are kept from it.
/// </summary>
public sealed class CsvRecordReader : IEnumerable<CsvRecord>, IDisposable
{
    /// <summary>The longest row (in characters) a file may hold: Sep's own limit (16 Mi characters).</summary>
    public const int MaxRowLength = 16 * 1024 * 1024;

    private readonly TextReader _text;
    private readonly SepReader _sep;
    private readonly string _name;
    private readonly (int Index, string Name)[] _columns;
    private bool _started;

    internal CsvRecordReader(TextReader text, string name, IReadOnlyList<CsvColumn> required, IReadOnlyList<CsvColumn> optional)
    {
        _text = text;
        _name = name;
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
            var missing = required.Where(c => !_columns.Any(m => m.Name == c.Name)).ToList();
            if (missing.Count > 0)
            {
                throw new InputException($"CSV file '{name}' has no {Describe(missing)} column (header: {string.Join(", ", header.Select(h => $"'{h}'"))}).");
            }
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
    /// <exception cref="InputException">While reading: a row is longer than <see cref="MaxRowLength"/>.</exception>
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
            var values = new Dictionary<string, string>(_columns.Length, StringComparer.Ordinal);
            var anyValue = false;
            foreach (var (index, column) in _columns)
            {
                var value = index < row.ColCount ? Value(row[index].Span) : string.Empty;
                if (!values.TryGetValue(column, out var existing) || existing.Length == 0)
                {
                    values[column] = value;
                }

                anyValue |= value.Length > 0;
            }

            if (anyValue)
            {
                yield return new CsvRecord(lastLine, values);
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
        }
    }

    /// <summary>The first row that is not blank (blank lines before the header are skipped), as trimmed names.</summary>
    private string[]? ReadHeader()
    {
        while (true)
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

            var row = _sep.Current;
            if (row.Span.IsWhiteSpace())
            {
                continue;
            }

            var names = new string[row.ColCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = Clean(row[i].Span);
            }

            return names;
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

    private static string Describe(IEnumerable<CsvColumn> columns) =>
        string.Join(" or ", columns.Select(c => $"'{c.Name}'"));
}
