using System.CommandLine;
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
                return await UsageHelp.WriteErrorAsync(context, parse).ConfigureAwait(false);
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

    /// <summary>Builds the command tree (also used by parser tests).</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "litellm-users: bulk user management for LiteLLM Proxy. Check a proxy first (doctor). Delete or add users listed in a CSV safely (with a backup to restore from), " +
            "disable them reversibly first (disable, enable; delete --disabled-before), have plans approved by a second person, " +
            "make the users match a roster CSV (sync), list users, and rehearse against a local sandbox.\n\n" + ExitCodes.HelpText);
        root.Subcommands.Add(Commands.Doctor.DoctorCommand.Create(context));
        root.Subcommands.Add(DeleteCommand.Create(context));
        root.Subcommands.Add(Commands.Disable.DisableCommand.Create(context));
        root.Subcommands.Add(Commands.Enable.EnableCommand.Create(context));
        root.Subcommands.Add(AddCommand.Create(context));
        root.Subcommands.Add(Commands.Sync.SyncCommand.Create(context));
        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(Commands.Restore.RestoreCommand.Create(context));
        root.Subcommands.Add(Commands.Approve.ApproveCommand.Create(context));
        root.Subcommands.Add(Commands.Sandbox.SandboxCommand.Create(context));

        UsageHelp.ListCommandsBriefly(root);
        return root;
    }
}
