using System.CommandLine;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// Applying reviewed plans and the two-person rule, offered the same way by every command that makes
/// plans: --plan, --max-plan-age and --require-approval.
/// </summary>
public sealed class PlanOptions
{
    private readonly bool _ownsPlan;

    /// <summary>Creates the options.</summary>
    /// <param name="planDescription">What --plan applies.</param>
    public PlanOptions(string planDescription)
    {
        Plan = new Option<string?>("--plan") { Description = planDescription };
        _ownsPlan = true;
    }

    /// <summary>Creates --require-approval for a command that offers --plan and --max-plan-age itself (delete).</summary>
    /// <param name="plan">The command's own --plan.</param>
    public PlanOptions(Option<string?> plan)
    {
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
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

    /// <summary>The file these options name, for <see cref="PathClash"/>: the plan being applied.</summary>
    public IEnumerable<FileUse> Files(ParseResult result, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        return result.GetValue(Plan) is { } plan ? [FileUse.Reads("--plan", environment.ResolvePath(plan))] : [];
    }

    /// <summary>Adds --plan and --max-plan-age (unless the command has its own) and --require-approval, which is refused without a plan to make or apply.</summary>
    public void AddTo(Command command, Option<string?> planOut, Option<bool> dryRun)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_ownsPlan)
        {
            command.Options.Add(Plan);
            command.Options.Add(MaxPlanAge);
        }

        command.Options.Add(RequireApproval);
        command.Validators.Add(r =>
        {
            if (r.GetValue(RequireApproval) && r.GetValue(Plan) is null && (r.GetValue(planOut) is null || !r.GetValue(dryRun)))
            {
                r.AddError("--require-approval needs --plan (apply an approved plan) or --dry-run --plan-out (make a plan that demands an approval).");
            }
        });
    }
}
