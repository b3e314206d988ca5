using System.Text.Json.Serialization.Metadata;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>The output files of a command: the result file's header and, for commands that split failures out, the error file's.</summary>
/// <param name="ResultHeader">Columns of the result file.</param>
/// <param name="ErrorHeader">Columns of the error file; null when failed rows stay in the result file (their status says so).</param>
/// <param name="OwnerOnly">The result file holds something to keep private (add's invitation links): it is created readable by its owner only (0600).</param>
internal sealed record OutputLayout(IReadOnlyList<string> ResultHeader, IReadOnlyList<string>? ErrorHeader, bool OwnerOnly = false);
