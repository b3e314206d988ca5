using System.Text.RegularExpressions;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>One entry of a --protect file.</summary>
/// <param name="Line">Line in the file.</param>
/// <param name="Value">A user id or an email; or, for a regex entry, the pattern.</param>
/// <param name="Pattern">The regex of a <c>re:</c> line (matched against emails).</param>
internal sealed record ProtectEntry(int Line, string Value, Regex? Pattern);
