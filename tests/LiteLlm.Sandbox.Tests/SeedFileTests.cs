using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

public sealed class SeedFileTests
{
    private static string Seed(string name) => Path.Combine(AppContext.BaseDirectory, "Seeds", name);

    [Fact]
    public async Task JsonSeed_LoadsUsersTeamsAndUsableKeys()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;

        // Act
        store.LoadSeedFile(Seed("users.json"));
        using var asAdmin = await t.GetAsync("/user/list?sort_by=user_id", key: "sk-seed-admin-key-0001");

        // Assert
        store.UserCount.ShouldBe(3);
        var alice = store.FindUser("seed-alice")!;
        alice.MaxBudget.ShouldBe(25.5);
        alice.Teams.ShouldBe(["team-eng"]);
        alice.Metadata.GetProperty("cost_center").GetString().ShouldBe("R&D");
        alice.CreatedAt.ShouldBe(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
        store.FindTeam("team-eng")!.TeamAlias.ShouldBe("Engineering");
        store.KeysOf("seed-alice").Single().KeyAlias.ShouldBe("alice-laptop");
        store.KeysOf("seed-alice-twin").Count.ShouldBe(1);
        asAdmin.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await asAdmin.JsonAsync()).UserIds().ShouldBe(["seed-admin", "seed-alice", "seed-alice-twin"]);
    }

    [Fact]
    public async Task CsvSeed_HandlesBomDuplicatesQuotesAndTeamLists()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;

        // Act
        store.LoadSeedFile(Seed("users.csv"));

        // Assert
        store.UserCount.ShouldBe(3);
        var bob = store.FindUser("seed-bob")!;
        bob.Teams.ShouldBe(["red", "blue"]);
        bob.MaxBudget.ShouldBe(10);
        bob.UserAlias.ShouldBe("Bob");
        store.FindUser("seed-bob-2")!.UserRole.ShouldBe("internal_user");
        var carol = store.Users.Single(u => u.UserEmail == "carol@seed.example.com");
        Guid.TryParse(carol.UserId, out _).ShouldBeTrue();
        carol.UserAlias.ShouldBe("Carol, C.");
        store.FindTeam("red")!.MembersWithRoles.Count.ShouldBe(2);
    }

    [Fact]
    public void CsvWithoutUserEmailColumn_IsRejected()
    {
        // Arrange
        var store = new SandboxStore();
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv");
        File.WriteAllText(path, "email\nx@example.com\n");

        // Act
        var load = () => store.LoadSeedFile(path);

        // Assert
        try
        {
            load.ShouldThrow<FormatException>();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnknownExtension_IsRejected()
    {
        // Arrange
        var store = new SandboxStore();

        // Act
        var load = () => store.LoadSeedFile("users.yaml");

        // Assert
        load.ShouldThrow<FormatException>();
    }
}
