using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Issue 11, item 7: two-person approval of delete, disable and sync plans.</summary>
public class PlanApprovalTests
{
    private static async Task<CliHarness> StartAsync()
    {
        var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.Store.AddUser("b@example.com", "u-b");
        h.Store.AddUser("keep@example.com", "u-keep");
        h.WriteFile("in.csv", "email\na@example.com\nb@example.com\n");
        return h;
    }

    [Fact]
    public async Task APlanThatDemandsApprovalIsRefusedUntilSomeoneElseApprovesItAndTheAuditNamesBoth()
    {
        // Arrange
        await using var h = await StartAsync();
        var made = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json", "--require-approval", "--changed-by", "alice");
        made.ExitCode.ShouldBe(0, made.All);
        made.Out.ShouldContain("It needs an approval: someone else runs 'litellm-users approve plan.json'");
        var plan = JsonDocument.Parse(h.Read("plan.json")).RootElement;
        plan.GetProperty("made_by").GetString().ShouldBe("alice");
        plan.GetProperty("require_approval").GetBoolean().ShouldBeTrue();

        // Act
        var unapproved = await h.RunAsync("delete", "--plan", "plan.json", "--changed-by", "carol");
        var self = await h.RunAsync("approve", "plan.json", "--changed-by", "Alice");
        var approve = await h.RunAsync("approve", "plan.json", "--changed-by", "bob");
        var applied = await h.RunAsync("delete", "--plan", "plan.json", "--changed-by", "carol");

        // Assert
        unapproved.ExitCode.ShouldBe(1, unapproved.All);
        unapproved.Err.ShouldContain("Refused: plan '");
        unapproved.Err.ShouldContain("is not approved (the plan demands an approval). Someone other than its maker (alice) must run: litellm-users approve");
        self.ExitCode.ShouldBe(1, self.All);
        self.Err.ShouldContain("Alice made plan");
        self.Err.ShouldContain("it must be approved by someone else (two-person rule)");
        approve.ExitCode.ShouldBe(0, approve.All);
        approve.Out.ShouldContain("Approved plan '");
        var approval = JsonDocument.Parse(h.Read("plan.json")).RootElement.GetProperty("approval");
        approval.GetProperty("approved_by").GetString().ShouldBe("bob");
        approval.GetProperty("rows_sha256").GetString()!.Length.ShouldBe(64);
        applied.ExitCode.ShouldBe(0, applied.All);
        applied.Out.ShouldContain("made ");
        applied.Out.ShouldContain(" by alice for ");
        h.Store.FindUser("u-a").ShouldBeNull();
        h.Store.FindUser("u-b").ShouldBeNull();
        var audit = h.Read("litellm-users-audit.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        audit.Length.ShouldBe(2);
        audit.ShouldAllBe(line => line.Contains("\"operator\":\"carol\"") && line.Contains("\"plan_made_by\":\"alice\"") && line.Contains("\"plan_approved_by\":\"bob\""));
    }

    [Fact]
    public async Task RowsChangedAfterTheApprovalAreRefusedWhateverTheFlags()
    {
        await using var h = await StartAsync();
        (await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json", "--changed-by", "alice")).ExitCode.ShouldBe(0);
        (await h.RunAsync("approve", "plan.json", "--changed-by", "bob")).ExitCode.ShouldBe(0);
        var node = JsonNode.Parse(h.Read("plan.json"))!;
        node["rows"]![1]!["users"]![0]!["user_id"] = "u-keep";
        node["rows"]![1]!["users"]![0]!["email"] = "b@example.com";
        h.WriteFile("plan.json", node.ToJsonString());

        var run = await h.RunAsync("delete", "--plan", "plan.json");

        run.ExitCode.ShouldBe(1, run.All);
        run.Err.ShouldContain("changed after bob approved them");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        h.Store.UserCount.ShouldBe(3);
    }

    [Fact]
    public async Task RequireApprovalOnApplyRefusesAPlanThatWasNeverApprovedAndNeedsAPlan()
    {
        await using var h = await StartAsync();
        (await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json", "--changed-by", "alice")).ExitCode.ShouldBe(0);

        var refused = await h.RunAsync("delete", "--plan", "plan.json", "--require-approval");
        var noPlan = await h.RunAsync("delete", "--csv-file", "in.csv", "--require-approval");

        refused.ExitCode.ShouldBe(1, refused.All);
        refused.Err.ShouldContain("is not approved. Someone other than its maker (alice) must run");
        noPlan.ExitCode.ShouldBe(1, noPlan.All);
        noPlan.Err.ShouldContain("--require-approval needs --plan");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task ADisablePlanGoesThroughTheSameApproval()
    {
        await using var h = await StartAsync();
        (await h.RunAsync("disable", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json", "--require-approval", "--changed-by", "alice")).ExitCode.ShouldBe(0);

        var refused = await h.RunAsync("disable", "--plan", "plan.json");
        (await h.RunAsync("approve", "plan.json", "--changed-by", "bob")).ExitCode.ShouldBe(0);
        var applied = await h.RunAsync("disable", "--plan", "plan.json", "--changed-by", "carol");

        refused.ExitCode.ShouldBe(1, refused.All);
        applied.ExitCode.ShouldBe(0, applied.All);
        h.Read("user_disable_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Disabled\r\nb@example.com,u-b,Disabled\r\n");
        h.Read("litellm-users-audit.jsonl").ShouldContain("\"plan_approved_by\":\"bob\"");
    }

    [Fact]
    public async Task ASyncRunWithAnApprovedPlanOfTheSameRosterRemovesOnlyThePlansRemovals()
    {
        // Arrange: the roster lists a; b and keep are removal candidates in the plan.
        await using var h = await StartAsync();
        h.WriteFile("roster.csv", "email\na@example.com\n");
        var made = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable", "--dry-run", "--plan-out", "plan.json", "--require-approval", "--changed-by", "alice");
        made.ExitCode.ShouldBe(0, made.All);
        h.Store.AddUser("late@example.com", "u-late");

        // Act
        var withoutPlan = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable", "--require-approval");
        var unapproved = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable", "--plan", "plan.json");
        (await h.RunAsync("approve", "plan.json", "--changed-by", "bob")).ExitCode.ShouldBe(0);
        var otherMode = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--plan", "plan.json");
        h.WriteFile("other.csv", "email\na@example.com\nb@example.com\n");
        var otherRoster = await h.RunAsync("sync", "--csv-file", "other.csv", "--allow-remove", "--remove-mode", "disable", "--plan", "plan.json");
        var applied = await h.RunAsync("sync", "--csv-file", "roster.csv", "--allow-remove", "--remove-mode", "disable", "--plan", "plan.json", "--changed-by", "carol");

        // Assert
        withoutPlan.ExitCode.ShouldBe(1, withoutPlan.All);
        unapproved.ExitCode.ShouldBe(1, unapproved.All);
        otherMode.ExitCode.ShouldBe(1, otherMode.All);
        otherMode.Err.ShouldContain("another --remove-mode");
        otherRoster.ExitCode.ShouldBe(1, otherRoster.All);
        otherRoster.Err.ShouldContain("was made from another roster");
        applied.ExitCode.ShouldBe(0, applied.All);
        var result = h.Read("user_sync_result.csv");
        result.ShouldContain("DISABLED,b@example.com,u-b,internal_user_viewer,,SUCCESS,\r\n");
        result.ShouldContain("DISABLED,keep@example.com,u-keep,internal_user_viewer,,SUCCESS,\r\n");
        result.ShouldContain("DISABLED,late@example.com,u-late,internal_user,,SKIPPED,Not removed: not a removal of the reviewed plan (--plan)\r\n");
        h.Store.FindUser("u-late")!.UserRole.ShouldBe("internal_user");
        h.Read("litellm-users-audit.jsonl").ShouldContain("\"plan_approved_by\":\"bob\"");
    }
}
