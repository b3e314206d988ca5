using System.CommandLine;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Cli.Common;
using Spectre.Console;

namespace LiteLlm.Users.Cli.Commands.List;

/// <summary><c>litellm-users list</c>: every page of users, filtered, as a table on stdout.</summary>
public static class ListCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = new ConnectionOptions(context.Environment);
        var emailLike = new Option<string?>("--email-like") { Description = "Only users whose email contains this text (ignoring case)" };
        var role = new Option<string?>("--role") { Description = "Only users with this role (exact)" };
        var command = new Command("list", "List users (all pages, ordered by user_id) as a table on stdout.\n\n" + ExitCodes.HelpText)
        {
            emailLike,
            role,
        };
        connection.AddTo(command);
        command.SetAction(async (result, _) =>
        {
            var log = new StderrLog(context.Error, result.GetValue(connection.Debug));
            await using var connectionHandle = await connection.ConnectAsync(result, context, log).ConfigureAwait(false);
            var client = connectionHandle.Client;
            var like = result.GetValue(emailLike);
            var query = new UserQuery { UserEmail = string.IsNullOrEmpty(like) ? null : like, Role = result.GetValue(role) };
            var table = new Table().AddColumns("user_id", "user_email", "user_role", "teams", "created_at");
            var count = 0;
            try
            {
                await foreach (var user in client.Users.GetUsersAsync(query, context.Stop).ConfigureAwait(false))
                {
                    // The server's filter is a substring match too; checking again guards against wildcard quirks.
                    if (like is not null && !(user.UserEmail?.Contains(like, StringComparison.OrdinalIgnoreCase) ?? false))
                    {
                        continue;
                    }

                    table.AddRow(
                        Markup.Escape(user.UserId),
                        Markup.Escape(user.UserEmail ?? string.Empty),
                        Markup.Escape(user.UserRole ?? string.Empty),
                        Markup.Escape(string.Join(';', user.Teams ?? [])),
                        Markup.Escape(user.CreatedAt ?? string.Empty));
                    count++;
                }
            }
            catch (Admin.LiteLlmRequestFailedException failure)
            {
                await context.Error.WriteLineAsync($"ERROR: {Engine.Reporting.FailureReasons.Describe(failure, "Failed to list users (API error)")}. Fix: {Engine.Reporting.FailureReasons.Fix(failure)}").ConfigureAwait(false);
                return Engine.Reporting.FailureReasons.IsFatal(failure) || failure.IsTransient ? ExitCodes.CouldNotRun : ExitCodes.SomeRowsFailed;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(context.Output),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = 240;
            console.Write(table);
            await context.Output.WriteLineAsync($"{count} users").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
