using System.CommandLine;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// The guards of every command that deletes users (delete, sync), offered and read the same way:
/// --max-delete, --include-admins, --protect and --yes; and the confirmation they ask for.
/// </summary>
public sealed class GuardOptions
{
    /// <summary>--yes.</summary>
    public Option<bool> Yes { get; } = new("--yes", "-y")
    {
        Description = "Do not ask for confirmation on a terminal (without a terminal the tool never asks)",
    };

    /// <summary>--max-delete.</summary>
    public Option<string?> MaxDelete { get; } = new("--max-delete")
    {
        Description = "Refuse, before changing anything, a run that would delete more than N users or N% of the server's users [default: 100 users and 25%; a run of 10 or fewer is never refused by the percentage]",
    };

    /// <summary>--include-admins.</summary>
    public Option<bool> IncludeAdmins { get; } = new("--include-admins")
    {
        Description = "Allow deleting users with role proxy_admin (protected by default)",
    };

    /// <summary>--protect.</summary>
    public Option<string?> Protect { get; } = new("--protect")
    {
        Description = "File of user ids or emails never to delete, one per line; 're:<regex>' lines match emails",
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Yes);
        command.Options.Add(MaxDelete);
        command.Options.Add(IncludeAdmins);
        command.Options.Add(Protect);
    }

    /// <summary>The --max-delete limit (a bad value is an input error).</summary>
    public DeleteLimit Limit(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetValue(MaxDelete) is { } max ? DeleteLimit.Parse(max) : DeleteLimit.Default;
    }

    /// <summary>The protection rules of --include-admins and --protect (the key's owner is added by the job).</summary>
    public ProtectionRules Protection(ParseResult result, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        var protectFile = result.GetValue(Protect) is { } file ? environment.ResolvePath(file) : null;
        return ProtectionRules.Create(result.GetValue(IncludeAdmins), protectFile);
    }

    /// <summary>The file these options name, for <see cref="PathClash"/>: --protect.</summary>
    public IEnumerable<FileUse> Files(ParseResult result, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        return result.GetValue(Protect) is { } file ? [FileUse.Reads("--protect", environment.ResolvePath(file))] : [];
    }

    /// <summary>The question asked before users are deleted: only on a terminal, and not with --yes.</summary>
    public Func<Confirmation, CancellationToken, Task<bool>>? Confirmation(ParseResult result, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        return context.Environment.IsInteractive && !result.GetValue(Yes) ? (c, ct) => ConfirmAsync(context, c, ct) : null;
    }

    private static Task<bool> ConfirmAsync(CliContext context, Confirmation confirmation, CancellationToken cancellationToken) =>
        TerminalPrompt.ConfirmAsync(
            context,
            [Printable.Text($"About to {confirmation.Action} {Printable.Count(confirmation.Users, "user")} (from {Printable.Count(confirmation.Rows, "row")}){KeysOf(confirmation)} on {confirmation.BaseUrl.AbsoluteUri}, which has {Printable.Count(confirmation.ServerUsers, "user")}. {(confirmation.Action == "disable" ? "'litellm-users enable' undoes it." : "This cannot be undone.")}")],
            Printable.Text($"Type 'yes' to {confirmation.Action} {(confirmation.Users == 1 ? "it" : "them")}:"),
            cancellationToken);

    /// <summary>" and their 37 keys" (LiteLLM deletes them with the users), when the command counted the keys that go with the users.</summary>
    private static string KeysOf(Confirmation confirmation) =>
        confirmation.Keys is { } keys ? " and their " + Printable.Count(keys, "key") : string.Empty;
}
