using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>
/// The wanted cells of one row by canonical column name: the names are shared by every row of a file,
/// so a row costs one small array instead of a dictionary (a million rows held by
/// <see cref="CsvTable.Read(string, IReadOnlyList{CsvColumn}, IReadOnlyList{CsvColumn}?)"/> take
/// about half the memory). Lookups are a short ordinal scan: a file has a handful of wanted columns.
/// </summary>
internal sealed class CsvValues(string[] names, string[] values) : IReadOnlyDictionary<string, string>
{
    public int Count => names.Length;

    public IEnumerable<string> Keys => names;

    public IEnumerable<string> Values => values;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No column '{key}'.");

    public bool ContainsKey(string key) => Array.IndexOf(names, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = Array.IndexOf(names, key);
        value = index >= 0 ? values[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < names.Length; i++)
        {
            yield return KeyValuePair.Create(names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
