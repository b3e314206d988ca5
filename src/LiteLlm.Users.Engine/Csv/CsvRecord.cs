using System.Text;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>One data row of an input CSV.</summary>
/// <param name="Line">Line of the file the row starts on (the header is line 1).</param>
/// <param name="Values">Trimmed values by canonical column name; absent columns are missing.</param>
internal sealed record CsvRecord(int Line, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The trimmed value of a column, or null when the column is absent or the cell empty.</summary>
    public string? Get(string column) => Values.TryGetValue(column, out var value) && value.Length > 0 ? value : null;
}
