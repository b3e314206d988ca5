using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using LiteLlm.Admin.Security;
using LiteLlm.Users.Cli.Commands.Add;
using LiteLlm.Users.Cli.Commands.Delete;
using LiteLlm.Users.Cli.Commands.List;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine;

namespace LiteLlm.Users.Cli;

/// <summary>
/// The command-line application: builds the command tree, runs it, and turns errors into exit
/// codes. Everything it writes goes through redacting writers; it never touches Console.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the CLI.</summary>
    /// <param name="args">Command line.</param>
    /// <param name="output">stdout.</param>
    /// <param name="error">stderr.</param>
    /// <param name="environment">Environment variables, working folder, terminal.</param>
    /// <param name="stop">First Ctrl+C: send no new request.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliEnvironment environment, CancellationToken stop = default, CancellationToken abort = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var context = new CliContext(new RedactingTextWriter(output), new RedactingTextWriter(error), environment, stop, abort);
        if (environment.IsInteractive)
        {
            // One screen for both streams when a person watches: the live status line keeps out of the way of both.
            var screen = new TerminalScreen(error, environment.TerminalWidth);
            context.Error.Screen = screen;
            if (environment.IsOutputTerminal)
            {
                context.Output.Screen = screen;
            }
        }

        // Scrub every key we can see from the start, even before parsing (help, usage errors).
        var early = new SecretRedactor(KeySources.EarlySecrets(args, environment));
        context.Output.Redactor = early;
        context.Error.Redactor = early;
        try
        {
            var root = BuildRoot(context);

            // No response files: a leading '@' is text ("--email-like @example.com"), never a file to read arguments from.
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Action is ParseErrorAction)
            {
                return await UsageErrorAsync(context, parse).ConfigureAwait(false);
            }

            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = context.Output,
                    Error = context.Error,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null,
                },
                stop).ConfigureAwait(false);
        }
        catch (CliUserException ex)
        {
            await context.Error.WriteLineAsync("ERROR: " + Printable.Escape(ex.Message)).ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }
        catch (InputException ex)
        {
            await context.Error.WriteLineAsync("ERROR: " + Printable.Escape(ex.Message)).ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The last line of defence: any bug becomes one line and exit 1, not a stack dump.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var debug = args.Contains("--debug", StringComparer.Ordinal);
            await context.Error.WriteLineAsync("ERROR: unexpected failure: " + (debug ? ex.ToString() : Printable.Escape(ex.Message) + " (run with --debug for details)")).ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }
        finally
        {
            await context.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await context.Error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A usage error: its one line and where the options are, never the whole help.</summary>
    private static async Task<int> UsageErrorAsync(CliContext context, ParseResult parse)
    {
        // The error about what was typed, not the consequence ("Required command was not provided" after an unknown word).
        var error = OneLine(parse.Errors.OrderBy(e => e.Message.StartsWith("Required command", StringComparison.Ordinal) ? 1 : 0).First().Message);
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = parse.CommandResult; r is System.CommandLine.Parsing.CommandResult c; r = c.Parent)
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
        var first = System.Text.RegularExpressions.Regex.Replace(message.Split('\n')[0].Trim(), " as expected type '[^']*'", string.Empty, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
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

    /// <summary>Builds the command tree (also used by parser tests).</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "litellm-users: bulk user management for LiteLLM Proxy. Delete or add users listed in a CSV safely (with a backup to restore from), " +
            "make the users match a roster CSV (sync), list users, and rehearse against a local sandbox.\n\n" + ExitCodes.HelpText);
        root.Subcommands.Add(DeleteCommand.Create(context));
        root.Subcommands.Add(AddCommand.Create(context));
        root.Subcommands.Add(Commands.Sync.SyncCommand.Create(context));
        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(Commands.Restore.RestoreCommand.Create(context));
        root.Subcommands.Add(Commands.Sandbox.SandboxCommand.Create(context));

        // The top-level help lists each command by its first paragraph: the exit codes (and other
        // paragraphs) are shown once, in the description above, and in full by 'COMMAND --help'.
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } option)
        {
            option.Action = new SummaryHelpAction(help);
        }

        return root;
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
