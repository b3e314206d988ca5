using System.CommandLine;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// Applying reviewed plans and the two-person rule, offered the same way by every command that makes
/// plans: --plan, --max-plan-age and --require-approval (delete has its own --plan and --max-plan-age).
/// </summary>
public sealed class PlanOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="planDescription">What --plan applies.</param>
    public PlanOptions(string planDescription)
    {
        Plan = new Option<string?>("--plan") { Description = planDescription };
    }

    /// <summary>--plan.</summary>
    public Option<string?> Plan { get; }

    /// <summary>--max-plan-age.</summary>
    public Option<string> MaxPlanAge { get; } = new("--max-plan-age")
    {
        Description = "Refuse a plan older than this (e.g. 90m, 24h, 7d)",
        DefaultValueFactory = _ => "24h",
    };

    /// <summary>--require-approval.</summary>
    public Option<bool> RequireApproval { get; } = new("--require-approval")
    {
        Description = "Two-person rule. With --dry-run --plan-out: the plan demands an approval ('litellm-users approve PLAN' by someone other than its maker) before it can be applied. " +
            "With --plan: refuse a plan that is not approved, is approved by its own maker, or changed after the approval",
    };

    /// <summary>Adds --plan, --max-plan-age and --require-approval to a command.</summary>
    public void AddTo(Command command, Option<string?> planOut, Option<bool> dryRun)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Plan);
        command.Options.Add(MaxPlanAge);
        AddRequireApprovalTo(command, Plan, planOut, dryRun);
    }

    /// <summary>Adds --require-approval alone (for a command with its own --plan), refused without a plan to make or apply.</summary>
    public void AddRequireApprovalTo(Command command, Option<string?> plan, Option<string?> planOut, Option<bool> dryRun)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(RequireApproval);
        command.Validators.Add(r =>
        {
            if (r.GetValue(RequireApproval) && r.GetValue(plan) is null && (r.GetValue(planOut) is null || !r.GetValue(dryRun)))
            {
                r.AddError("--require-approval needs --plan (apply an approved plan) or --dry-run --plan-out (make a plan that demands an approval).");
            }
        });
    }
}
