using System.Text;

namespace LiteLlm.Sandbox;

/// <summary>
/// RFC 4180 records of a seed CSV: comma-separated, fields optionally in double quotes (<c>""</c> for a quote,
/// commas and line breaks allowed inside), CRLF or LF line ends. Small on purpose: the sandbox is compiled
/// ahead of time, so it parses without a reflection-based CSV library.
/// </summary>
internal static class SeedCsv
{
    /// <summary>Every record of <paramref name="reader"/>; blank lines are skipped.</summary>
    /// <exception cref="FormatException">A quoted field is not closed.</exception>
    public static IEnumerable<string[]> Records(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var atFieldStart = true;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch != '"')
                {
                    field.Append(ch);
                }
                else if (reader.Peek() == '"')
                {
                    reader.Read();
                    field.Append('"');
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (ch)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (fields.Count > 0 || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        yield return [.. fields];
                    }

                    fields.Clear();
                    field.Clear();
                    atFieldStart = true;
                    break;
                default:
                    field.Append(ch);
                    atFieldStart = false;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException("A quoted CSV field is not closed.");
        }

        if (fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }
}
