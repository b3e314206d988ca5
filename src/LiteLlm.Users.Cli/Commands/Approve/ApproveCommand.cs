using System.CommandLine;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Plans;

namespace LiteLlm.Users.Cli.Commands.Approve;

/// <summary>The behaviour of <c>litellm-users approve</c>: record the approval in the plan file.</summary>
public static class ApproveCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new ApproveCommandDefinition();
        definition.Command.SetAction(async (result, _) =>
        {
            var path = context.Environment.ResolvePath(result.GetValue(definition.Plan)!);
            var approver = definition.Safety.Operator(result, context.Environment);
            await context.Output.WriteLineAsync(PlanApproval.Approve(path, approver, TimeProvider.System.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return definition.Command;
    }
}
