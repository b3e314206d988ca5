using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// How the command line talks back when it is used wrongly or asked for help: a usage error is one
/// line and where the options are; the top-level help lists each command by its first paragraph, so
/// the exit codes appear once there (and in full in each command's own help).
/// </summary>
public static class UsageHelp
{
    /// <summary>A usage error: its one line (the error about what was typed, with a did-you-mean) and where the options are, never the whole help. Exit 1.</summary>
    /// <param name="context">The CLI's writers.</param>
    /// <param name="parse">A parse result with errors.</param>
    public static async Task<int> WriteErrorAsync(CliContext context, ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parse);

        // The error about what was typed, not the consequence ("Required command was not provided" after an unknown word).
        var error = OneLine(parse.Errors.OrderBy(e => e.Message.StartsWith("Required command", StringComparison.Ordinal) ? 1 : 0).First().Message);
        var names = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is CommandResult c; r = c.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        names[0] = "litellm-users";
        var command = string.Join(' ', names);
        var more = parse.Errors.Count > 1 ? $" (and {Printable.Count(parse.Errors.Count - 1, "more error")})" : string.Empty;
        var suggestion = parse.UnmatchedTokens.FirstOrDefault(t => t.StartsWith('-')) is { } typo && Closest(typo, parse.CommandResult.Command) is { } name
            ? $" Did you mean '{name}'?"
            : string.Empty;
        await context.Error.WriteLineAsync(Printable.Escape($"ERROR: {error}{suggestion}{more}")).ConfigureAwait(false);
        await context.Error.WriteLineAsync($"See '{command} --help' for the options.").ConfigureAwait(false);
        return ExitCodes.UsageOrInput;
    }

    /// <summary>
    /// A parser message on one line: its list of choices joined with commas, without the .NET type
    /// name ("as expected type 'LiteLlm.Users.Engine.List.ListFormat'") a person has no use for.
    /// </summary>
    private static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Trim('\t', ' ', '\'')).ToList();
        var first = Regex.Replace(message.Split('\n')[0].Trim(), " as expected type '[^']*'", string.Empty, RegexOptions.None, TimeSpan.FromSeconds(1));
        return lines.Count <= 1 ? first : first + " " + string.Join(", ", lines.Skip(1));
    }

    /// <summary>The option of <paramref name="command"/> closest to a mistyped one (at most two edits away), or null.</summary>
    private static string? Closest(string typo, Command command)
    {
        var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
        return names.Select(n => (Name: n, Distance: Distance(typo, n))).Where(p => p.Distance <= 2).OrderBy(p => p.Distance).Select(p => p.Name).FirstOrDefault();
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>Makes the top-level help list each subcommand by the first paragraph of its description.</summary>
    public static void ListCommandsBriefly(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } option)
        {
            option.Action = new SummaryHelpAction(help);
        }
    }

    /// <summary>Help that, for the top-level command, lists the subcommands by the first paragraph of their descriptions.</summary>
    private sealed class SummaryHelpAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            ArgumentNullException.ThrowIfNull(parseResult);
            var command = parseResult.CommandResult.Command;
            if (command is not RootCommand)
            {
                return inner.Invoke(parseResult);
            }

            var full = command.Subcommands.ToDictionary(c => c, c => c.Description);
            try
            {
                foreach (var sub in command.Subcommands)
                {
                    sub.Description = FirstParagraph(sub.Description);
                }

                return inner.Invoke(parseResult);
            }
            finally
            {
                foreach (var (sub, description) in full)
                {
                    sub.Description = description;
                }
            }
        }

        private static string FirstParagraph(string? text)
        {
            var paragraph = text ?? string.Empty;
            var end = paragraph.IndexOf("\n\n", StringComparison.Ordinal);
            return end < 0 ? paragraph : paragraph[..end];
        }
    }
}
