using System.Text.Json.Nodes;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>A plan edited by hand (or by mistake) is never applied quietly (issue 8, item 5).</summary>
public abstract class PlanTamperingTests(string profile) : ProfiledTests(profile)
{
    /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
    public sealed class Legacy() : PlanTamperingTests("legacy");

    /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
    public sealed class Current() : PlanTamperingTests("current");

    private static async Task<(CliHarness H, JsonNode Plan)> PlanAsync(params (string Email, string Id)[] users)
    {
        var h = await CliHarness.StartAsync();
        foreach (var (email, id) in users)
        {
            h.Store.AddUser(email, id);
        }

        h.WriteFile("in.csv", "email\n" + string.Concat(users.Select(u => u.Email + "\n")));
        var dry = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json");
        dry.ExitCode.ShouldBe(0, dry.All);
        return (h, JsonNode.Parse(h.Read("plan.json"))!);
    }

    [Fact]
    public async Task APlanDatedInTheFutureIsRefused()
    {
        // Arrange
        var (h, plan) = await PlanAsync(("a@example.com", "u-a"));
        await using var _ = h;
        plan["created_at"] = "2099-01-01T00:00:00+00:00";
        h.WriteFile("plan.json", plan.ToJsonString());

        // Act
        var run = await h.RunAsync("delete", "--plan", "plan.json");

        // Assert
        run.ExitCode.ShouldBe(1, run.All);
        run.Err.ShouldContain("in the future");
        h.Store.FindUser("u-a").ShouldNotBeNull();
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task ARowWhoseEmailIsNotItsUsersDeletesNothingForThatRow()
    {
        // Arrange: the row of a@ is edited to name b@'s user.
        var (h, plan) = await PlanAsync(("a@example.com", "u-a"), ("b@example.com", "u-b"), ("c@example.com", "u-c"));
        await using var _ = h;
        plan["rows"]![0]!["users"]![0]!["user_id"] = "u-b";
        plan["rows"]![0]!["users"]![0]!["email"] = "b@example.com";
        plan["rows"]!.AsArray().RemoveAt(1);
        h.WriteFile("plan.json", plan.ToJsonString());

        // Act
        var run = await h.RunAsync("delete", "--plan", "plan.json");

        // Assert
        run.ExitCode.ShouldBe(2, run.All);
        h.Read("user_del_error.csv").ShouldContain("a@example.com,,Refused plan row: its email 'a@example.com' is not the email of user u-b in the plan ('b@example.com'); nothing deleted for this row");
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\nc@example.com,u-c,Deleted\r\n");
        h.Store.Users.Select(u => u.UserId).ShouldBe(["u-a", "u-b"], ignoreOrder: true);
    }

    [Fact]
    public async Task TheCountsComeFromTheRowsNotFromTheSummary()
    {
        // Arrange: the summary says nothing is deleted; the rows delete two users.
        var (h, plan) = await PlanAsync(("a@example.com", "u-a"), ("b@example.com", "u-b"));
        await using var _ = h;
        plan["summary"] = new JsonObject { ["delete"] = 0 };
        h.WriteFile("plan.json", plan.ToJsonString());

        // Act
        var run = await h.RunAsync("delete", "--plan", "plan.json");

        // Assert
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain(": 2 users to delete,");
        h.Store.UserCount.ShouldBe(0);
    }

    [Fact]
    public async Task AJsonFileThatIsNotADeletePlanSaysSo()
    {
        // Arrange: a sync plan, and a JSON file with no format at all.
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.WriteFile("roster.csv", "email\na@example.com\n");
        (await h.RunAsync("sync", "--csv-file", "roster.csv", "--dry-run", "--plan-out", "sync-plan.json")).ExitCode.ShouldBe(0);
        h.WriteFile("other.json", """{"rows":[]}""");

        // Act
        var sync = await h.RunAsync("delete", "--plan", "sync-plan.json");
        var other = await h.RunAsync("delete", "--plan", "other.json");

        // Assert
        sync.ExitCode.ShouldBe(1, sync.All);
        sync.Err.ShouldContain("is not a delete plan: its format is 'litellm-users/sync-plan/1'");
        other.ExitCode.ShouldBe(1, other.All);
        other.Err.ShouldContain("is not a litellm-users delete plan");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task ARepeatedPlanRowIsADuplicateAndDeletesOnce()
    {
        // Arrange: the row of a@ appears twice.
        var (h, plan) = await PlanAsync(("a@example.com", "u-a"), ("b@example.com", "u-b"));
        await using var _ = h;
        plan["rows"]!.AsArray().Add(plan["rows"]![0]!.DeepClone());
        h.WriteFile("plan.json", plan.ToJsonString());

        // Act
        var run = await h.RunAsync("delete", "--plan", "plan.json");

        // Assert
        run.ExitCode.ShouldBe(2, run.All);
        h.Read("user_del_error.csv").ShouldContain("Duplicate row in plan");
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Deleted\r\nb@example.com,u-b,Deleted\r\n");
        h.Store.Deletions.Select(d => d.UserId).ShouldBe(["u-a", "u-b"], ignoreOrder: true);
    }
}
