namespace LiteLlm.Sandbox.Tests;

/// <summary>The store's own API (used by tests and the CLI's standalone sandbox).</summary>
public sealed class StoreTests
{
    [Fact]
    public void AddUser_Convenience_CreatesAnInternalUserWithOneHashedKey()
    {
        // Arrange
        var store = new SandboxStore();

        // Act
        var user = store.AddUser("x@example.com");

        // Assert
        user.UserRole.ShouldBe("internal_user");
        Guid.TryParse(user.UserId, out _).ShouldBeTrue();
        var key = store.KeysOf(user.UserId).ShouldHaveSingleItem();
        key.Token.Length.ShouldBe(64);
        key.KeyName.ShouldStartWith("sk-...");
    }

    [Fact]
    public void AddUser_WithAnExistingId_Throws()
    {
        // Arrange
        var store = new SandboxStore();
        store.AddUser("a@example.com", "same");

        // Act
        var again = () => store.AddUser("b@example.com", "same");

        // Assert
        again.ShouldThrow<InvalidOperationException>();
    }

    [Fact]
    public void AddUsers_IndexesTwoHundredThousandUsersById()
    {
        // Arrange
        var store = new SandboxStore();

        // Act
        store.AddUsers(200_000, i => new SandboxUserSeed { UserId = $"u{199_999 - i:000000}", UserEmail = $"u{i}@example.com", KeyCount = 0 });

        // Assert
        store.UserCount.ShouldBe(200_000);
        store.Users[0].UserId.ShouldBe("u000000");
        store.Users[^1].UserId.ShouldBe("u199999");
        store.FindUser("u123456").ShouldNotBeNull();
    }

    [Fact]
    public void CreateKey_ReturnsASecretThatIsStoredOnlyAsItsHash()
    {
        // Arrange
        var store = new SandboxStore();
        store.AddUser(new SandboxUserSeed { UserId = "owner", KeyCount = 0 });

        // Act
        var secret = store.CreateKey("owner", "laptop", rawKey: "sk-chosen-secret");

        // Assert
        secret.ShouldBe("sk-chosen-secret");
        var key = store.Keys.ShouldHaveSingleItem();
        key.Token.ShouldBe(SandboxStore.HashToken("sk-chosen-secret"));
        key.KeyName.ShouldBe("sk-...cret");
        key.KeyAlias.ShouldBe("laptop");
    }

    [Fact]
    public void AddTeamMember_KeepsRosterUserTeamsAndMembershipConsistent()
    {
        // Arrange
        var store = new SandboxStore();
        store.CreateTeam("t", "Team");
        store.AddUser("m@example.com", "m");

        // Act
        store.AddTeamMember("t", "m", "admin");
        store.AddTeamMember("t", "m", "admin");

        // Assert
        store.FindTeam("t")!.MembersWithRoles.ShouldBe([new SandboxTeamMember("m", "m@example.com", "admin")]);
        store.FindUser("m")!.Teams.ShouldBe(["t"]);
        store.TeamMemberships.ShouldHaveSingleItem().TeamId.ShouldBe("t");
    }

    [Fact]
    public void ConcurrentAddsAndReads_AreSafe()
    {
        // Arrange
        var store = new SandboxStore();

        // Act
        Parallel.For(0, 2_000, i =>
        {
            store.AddUser(new SandboxUserSeed { UserId = "c" + i, UserEmail = $"c{i % 10}@example.com", KeyCount = 0 });
            _ = store.Users.Count;
        });

        // Assert
        store.UserCount.ShouldBe(2_000);
        store.Users.Select(u => u.UserId).ShouldBe(store.Users.Select(u => u.UserId).Order(StringComparer.Ordinal));
    }
}
