using System.CommandLine;
using LiteLlm.Users.Cli.Common;

namespace LiteLlm.Users.Cli.Commands.Approve;

/// <summary>The symbols of <c>litellm-users approve PLAN</c>.</summary>
public sealed class ApproveCommandDefinition
{
    /// <summary>Builds the command's arguments and options.</summary>
    public ApproveCommandDefinition()
    {
        Command = new Command(
            "approve",
            "Approve a reviewed plan (delete, disable or sync; made with --dry-run --plan-out), the second person of the two-person rule: " +
            "records in the plan who approved it (--changed-by, else the OS user), when, and a SHA-256 of its rows. The approver must " +
            "not be its maker. Applying a plan with --require-approval (or one made with --require-approval) refuses a plan that is not " +
            "approved, is approved by its maker, or whose rows changed after the approval. Nothing is sent to the proxy.\n\n" + ExitCodes.HelpText)
        {
            Plan,
        };
        Command.Options.Add(Safety.ChangedBy);
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>The plan file.</summary>
    public Argument<string> Plan { get; } = new("plan") { Description = "The plan file to approve (JSON, from --dry-run --plan-out)" };

    /// <summary>--changed-by (the approver), as every changing command names its operator.</summary>
    public SafetyOptions Safety { get; } = new(backup: false);
}
