using System.Text;

namespace LiteLlm.Users.Engine.Csv;

/// <summary>A column the caller wants, with the header spellings that mean it.</summary>
/// <param name="Name">Canonical name.</param>
/// <param name="Aliases">Other accepted header names (compared ignoring case and surrounding spaces).</param>
internal sealed record CsvColumn(string Name, params string[] Aliases);
