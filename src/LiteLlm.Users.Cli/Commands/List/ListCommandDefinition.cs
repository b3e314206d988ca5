using System.CommandLine;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.List;

namespace LiteLlm.Users.Cli.Commands.List;

/// <summary>The symbols of <c>litellm-users list</c>: list_user.py's options, and more.</summary>
public sealed class ListCommandDefinition
{
    /// <summary>Builds the command's options.</summary>
    public ListCommandDefinition(CliEnvironment environment)
    {
        Connection = new ConnectionOptions(environment);
        Command = new Command(
            "list",
            "List users (a replacement for list_user.py): every page, in a stable order, streamed, so any number of users " +
            "fits in little memory. By default only list_user.py's internal roles are shown (" + string.Join(", ", UserListing.InternalRoles) +
            "); --show-all shows every role. A table on a terminal, CSV otherwise; passwords and key secrets are never shown.\n\n" + ExitCodes.HelpText)
        {
            EmailLike,
            Role,
            Team,
            UserId,
            ShowAll,
            Disabled,
            Columns,
            Sort,
            Format,
            Output,
        };
        Connection.AddTo(Command);
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>--email-like.</summary>
    public Option<string?> EmailLike { get; } = new("--email-like") { Description = "Only users whose email contains this text (ignoring case)" };

    /// <summary>--role.</summary>
    public Option<string?> Role { get; } = new("--role") { Description = "Only users with this role (exact), e.g. internal_user or proxy_admin" };

    /// <summary>--team.</summary>
    public Option<string?> Team { get; } = new("--team") { Description = "Only members of this team (team id or name)" };

    /// <summary>--user-id.</summary>
    public Option<string?> UserId { get; } = new("--user-id") { Description = "Only the user with this id (exact)" };

    /// <summary>--show-all.</summary>
    public Option<bool> ShowAll { get; } = new("--show-all") { Description = "Show every role, not only the internal ones" };

    /// <summary>--disabled.</summary>
    public Option<bool> Disabled { get; } = new("--disabled")
    {
        Description = "Only users 'litellm-users disable' disabled, with when, by whom and how many keys it blocked [default columns: " + string.Join(",", UserListing.DisabledColumns) + "]",
    };

    /// <summary>--columns.</summary>
    public Option<string?> Columns { get; } = new("--columns")
    {
        Description = "Comma-separated columns [default: " + string.Join(",", UserListing.DefaultColumns) + "]; any of: " + string.Join(", ", UserListing.KnownColumns),
    };

    /// <summary>--sort.</summary>
    public Option<string?> Sort { get; } = new("--sort")
    {
        Description = "Order: " + string.Join(", ", UserListing.SortColumns) + ", optionally with :asc or :desc [default: user_id:asc]",
    };

    /// <summary>--format.</summary>
    public Option<ListFormat?> Format { get; } = new("--format")
    {
        Description = "table, csv, tsv, json or jsonl [default: table on a terminal; else from -o's extension; else csv]",
    };

    /// <summary>-o / --output.</summary>
    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write to this file instead of stdout (written whole or not at all)" };
}
