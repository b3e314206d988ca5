using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary><c>/team/update</c> and <c>/team/delete</c> (<c>team_endpoints.py</c> <c>update_team</c>, <c>delete_team</c>).</summary>
public sealed class TeamWriteTests
{
    [Fact]
    public async Task Update_WritesTheSentFieldsAndAnswersTeamIdAndData()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.CreateTeam("eng", "Engineering");

        // Act
        using var response = await t.PostAsync("/team/update", new { team_id = "eng", team_alias = "Platform", max_budget = 50.0 });
        var body = await response.JsonAsync();
        using var unknown = await t.PostAsync("/team/update", new { team_id = "nope", team_alias = "x" });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.Str("team_id").ShouldBe("eng");
        body.GetProperty("data").Str("team_alias").ShouldBe("Platform");
        store.FindTeam("eng")!.MaxBudget.ShouldBe(50.0);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.NodeAsync()).ShouldMatch(System.Text.Json.Nodes.JsonNode.Parse("""{"detail":{"error":"Team not found, passed team_id=nope"}}""")!);
    }

    [Fact]
    public async Task Delete_RemovesTheTeamItsKeysAndItsMembersMemberships()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser(new SandboxUserSeed { UserId = "ann", Teams = ["eng", "ops"], KeyCount = 1 });
        store.CreateKey("ann", teamId: "eng");

        // Act
        using var unknown = await t.PostAsync("/team/delete", new { team_ids = new[] { "eng", "nope" } });
        using var response = await t.PostAsync("/team/delete", new { team_ids = new[] { "eng" } });
        var body = await response.JsonAsync();

        // Assert
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.JsonAsync()).GetProperty("detail").Str("error").ShouldBe("Team not found, passed team_id=nope");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("deleted_teams").Strings().ShouldBe(["eng"]);
        store.FindTeam("eng").ShouldBeNull();
        store.FindTeam("ops").ShouldNotBeNull();
        store.FindUser("ann")!.Teams.ShouldBe(["ops"]);
        store.KeysOf("ann").ShouldAllBe(k => k.TeamId == null);
        store.KeysOf("ann").Count.ShouldBe(1);
        store.TeamMemberships.Select(m => m.TeamId).ShouldBe(["ops"]);
    }
}
