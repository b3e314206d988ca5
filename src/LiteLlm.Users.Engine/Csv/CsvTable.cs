using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>One data row of an input CSV.</summary>
/// <param name="Line">Line of the file the row starts on (the header is line 1).</param>
/// <param name="Values">Trimmed values by canonical column name; absent columns are missing.</param>
public sealed record CsvRecord(int Line, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The trimmed value of a column, or null when the column is absent or the cell empty.</summary>
    public string? Get(string column) => Values.TryGetValue(column, out var value) && value.Length > 0 ? value : null;
}

/// <summary>A column the caller wants, with the header spellings that mean it.</summary>
/// <param name="Name">Canonical name.</param>
/// <param name="Aliases">Other accepted header names (compared ignoring case and surrounding spaces).</param>
public sealed record CsvColumn(string Name, params string[] Aliases);

/// <summary>
/// Reads input CSVs the forgiving way: header names ignore case and spaces, a UTF-8 BOM, CRLF,
/// quoted fields and extra columns are fine, values are trimmed and blank rows skipped.
/// Problems with the file itself become one-line <see cref="InputException"/>s.
/// </summary>
public static class CsvTable
{
    /// <summary>Reads <paramref name="path"/>; at least one of <paramref name="required"/>'s spellings must be in the header.</summary>
    public static IReadOnlyList<CsvRecord> Read(string path, IReadOnlyList<CsvColumn> required, IReadOnlyList<CsvColumn>? optional = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(required);
        if (!File.Exists(path))
        {
            throw new InputException($"CSV file '{path}' not found.");
        }

        try
        {
            using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            return Read(reader, path, required, optional ?? []);
        }
        catch (IOException ex)
        {
            throw new InputException($"Failed to read CSV file '{path}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InputException($"Failed to read CSV file '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Reads CSV text from a reader (for tests and stdin).</summary>
    public static IReadOnlyList<CsvRecord> Read(TextReader reader, string name, IReadOnlyList<CsvColumn> required, IReadOnlyList<CsvColumn> optional)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        };

        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw new InputException($"CSV file '{name}' is empty: it needs a header row with {Describe(required)}.");
        }

        var columns = MapHeader(header, [.. required, .. optional]);
        var missing = required.Where(c => !columns.ContainsValue(c.Name)).ToList();
        if (missing.Count > 0)
        {
            var found = string.Join(", ", header.Select(h => $"'{Clean(h)}'"));
            throw new InputException($"CSV file '{name}' has no {Describe(missing)} column (header: {found}).");
        }

        var records = new List<CsvRecord>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow - (CountLineBreaks(csv.Parser.RawRecord) - 1);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var anyValue = false;
            foreach (var (index, column) in columns)
            {
                var value = csv.Parser.Count > index ? (csv.GetField(index) ?? string.Empty).Trim() : string.Empty;
                if (!values.TryGetValue(column, out var existing) || existing.Length == 0)
                {
                    values[column] = value;
                }

                anyValue |= value.Length > 0;
            }

            if (anyValue)
            {
                records.Add(new CsvRecord(line, values));
            }
        }

        return records;
    }

    private static Dictionary<int, string> MapHeader(string[] header, IEnumerable<CsvColumn> wanted)
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

        var map = new Dictionary<int, string>();
        for (var i = 0; i < header.Length; i++)
        {
            if (byName.TryGetValue(Clean(header[i]), out var canonical) && !map.ContainsValue(canonical))
            {
                map[i] = canonical;
            }
        }

        return map;
    }

    private static string Clean(string header) => header.Trim().Trim('\uFEFF').Trim();

    private static int CountLineBreaks(string rawRecord)
    {
        var count = 0;
        for (var i = 0; i < rawRecord.Length; i++)
        {
            if (rawRecord[i] == '\n' || (rawRecord[i] == '\r' && (i + 1 >= rawRecord.Length || rawRecord[i + 1] != '\n')))
            {
                count++;
            }
        }

        return Math.Max(count, 1);
    }

    private static string Describe(IEnumerable<CsvColumn> columns) =>
        string.Join(" or ", columns.Select(c => $"'{c.Name}'"));
}
