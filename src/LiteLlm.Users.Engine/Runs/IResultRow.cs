using System.Text.Json.Serialization.Metadata;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// One output row of a command: it says which file it goes to and with which cells, how it is
/// counted, and what the end-of-run failure list shows. It is also what the journal stores, so a
/// resumed run writes it again exactly.
/// </summary>
internal interface IResultRow
{
    /// <summary>Whether the row is a failure (the error file, or a failed status in a one-file layout).</summary>
    bool Failed { get; }

    /// <summary>The cells, in the column order of the file the row goes to.</summary>
    IReadOnlyList<string?> Cells { get; }

    /// <summary>The word the row is counted under (its status).</summary>
    string Tally { get; }

    /// <summary>Who the row is about, for the failure list.</summary>
    string Subject { get; }

    /// <summary>Why it failed, for the failure list.</summary>
    string? Reason { get; }
}

/// <summary>A result row type: its files and how the journal serialises it.</summary>
/// <typeparam name="TSelf">The row type.</typeparam>
internal interface IResultRow<TSelf> : IResultRow
    where TSelf : IResultRow<TSelf>
{
    /// <summary>The command's output files.</summary>
    static abstract OutputLayout Layout { get; }

    /// <summary>The row's JSON contract in the journal (source-generated).</summary>
    static abstract JsonTypeInfo<TSelf> JsonInfo { get; }
}
