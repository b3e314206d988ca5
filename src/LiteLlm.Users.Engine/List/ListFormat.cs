using System.Text.Json.Nodes;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Csv;

namespace LiteLlm.Users.Engine.List;

/// <summary>The machine-readable formats of a listing.</summary>
public enum ListFormat
{
    /// <summary>A table for people (terminal only; buffered).</summary>
    Table,

    /// <summary>RFC 4180 CSV, as the tool's other CSV files (CRLF, formula cells escaped).</summary>
    Csv,

    /// <summary>
    /// Tab-separated, one user per line (LF), as list_user.py printed; tabs and line breaks in values
    /// become spaces, and formula cells are escaped as in CSV (a leading <c>'</c>), since a TSV opens in
    /// a spreadsheet just as well.
    /// </summary>
    Tsv,

    /// <summary>One JSON array of objects.</summary>
    Json,

    /// <summary>One JSON object per line.</summary>
    Jsonl,
}
