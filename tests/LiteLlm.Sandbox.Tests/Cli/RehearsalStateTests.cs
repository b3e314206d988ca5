using System.Text.Json;
using LiteLlm.Testing;
using LiteLlm.Users.Cli;

namespace LiteLlm.Sandbox.Tests.Cli;

/// <summary>
/// A <c>--sandbox FILE</c> rehearsal goes on across commands through <c>litellm-users-sandbox-state.json</c>:
/// delete, then restore, then list see one sandbox; <c>--sandbox-reset</c> starts over from the seed.
/// </summary>
public sealed class RehearsalStateTests
{
    private const string Seed = """
        {"teams": [{"team_id": "team-ops", "team_alias": "Ops"}],
         "users": [
           {"user_id": "u-ann", "user_email": "ann@example.com", "teams": ["team-ops"], "metadata": {"dept": "ops"}},
           {"user_id": "u-bob", "user_email": "bob@example.com"}]}
        """;

    [Fact]
    public async Task DeleteThenRestore_WorksOnTheSameRehearsalAndResetStartsOver()
    {
        // Arrange
        using var run = new CliRun();
        var seed = run.Write("seed.json", Seed);
        run.Write("leavers.csv", "email\nann@example.com\n");

        // Act
        var delete = await run.RunAsync("delete", "--csv-file", "leavers.csv", "--sandbox", seed, "--yes");
        var afterDelete = await run.RunAsync("list", "--sandbox", seed, "--format", "json");
        var backup = Directory.GetFiles(run.Path("litellm-users-backups")).Single();
        var restore = await run.RunAsync("restore", "--backup", backup, "--sandbox", seed);
        var afterRestore = await run.RunAsync("list", "--sandbox", seed, "--format", "json");
        var reset = await run.RunAsync("list", "--sandbox", seed, "--sandbox-reset", "--format", "json");

        // Assert
        delete.Code.ShouldBe(ExitCodes.Success, delete.Err);
        afterDelete.Out.ShouldNotContain("ann@example.com");
        afterDelete.Err.ShouldContain("continuing from 'litellm-users-sandbox-state.json'");
        restore.Code.ShouldBe(ExitCodes.Success, restore.Err);
        afterRestore.Out.ShouldContain("ann@example.com");
        reset.Err.ShouldContain("starting over from");
        reset.Out.ShouldContain("ann@example.com");
        var state = JsonDocument.Parse(await File.ReadAllTextAsync(run.Path("litellm-users-sandbox-state.json"), TestContext.Current.CancellationToken)).RootElement;
        state.GetProperty("deletions").GetArrayLength().ShouldBe(0); // the reset run saved a fresh state
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(run.Path("litellm-users-sandbox-state.json")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task TheStateOfAnotherSeed_IsNotContinued()
    {
        // Arrange
        using var run = new CliRun();
        var first = run.Write("first.json", Seed);
        var second = run.Write("second.csv", "user_email,user_id\ncid@example.com,u-cid\n");
        await run.RunAsync("list", "--sandbox", first, "--format", "json");

        // Act
        var other = await run.RunAsync("list", "--sandbox", second, "--format", "json");

        // Assert
        other.Err.ShouldContain("another seed file");
        other.Out.ShouldContain("cid@example.com");
        other.Out.ShouldNotContain("ann@example.com");
    }

    [Fact]
    public async Task StateFile_RoundTripsEveryTableOfTheStore()
    {
        // Arrange
        using var run = new CliRun();
        var seedPath = run.Write("seed.json", Seed);
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var store = server.Store;
        store.LoadSeedFile(seedPath);
        var secret = store.CreateKey("u-ann", alias: "ci", teamId: "team-ops");
        store.CreateInvitation("u-bob", "u-ann");
        store.AddOrganizationMember("org-1", "u-ann", "org_admin");
        using var client = server.CreateClient();
        using var _ = await client.PostAsync("/user/delete", new StringContent("{\"user_ids\":[\"u-bob\"]}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var file = SandboxStateFile.For(run.Path("state.json"), seedPath);

        // Act
        file.Save(store);
        var copy = new SandboxStore();
        var loaded = file.TryLoad(copy);
        var otherSeed = SandboxStateFile.For(run.Path("state.json"), run.Write("other.csv", "user_email\nx@example.com\n")).TryLoad(new SandboxStore());

        // Assert
        loaded.ShouldBe(SandboxStateFile.LoadResult.Loaded);
        otherSeed.ShouldBe(SandboxStateFile.LoadResult.OtherSeed);
        Snapshot(copy).ShouldBe(Snapshot(store));
        copy.Users.Select(u => u.UserId).ShouldBe(["u-ann"]);
        copy.Keys.Count.ShouldBe(store.Keys.Count);
        copy.OrganizationMemberships.Single().UserRole.ShouldBe("org_admin");
        copy.Invitations.ShouldBeEmpty();
        copy.Deletions.Single().UserId.ShouldBe("u-bob");
        copy.FindUser("u-ann")!.Metadata.GetProperty("dept").GetString().ShouldBe("ops");
        File.ReadAllText(run.Path("state.json")).ShouldNotContain(secret);
    }

    /// <summary>Everything the store holds as JSON, without the save time.</summary>
    private static string Snapshot(SandboxStore store)
    {
        var state = store.Export();
        state.SavedAt = default;
        return JsonSerializer.Serialize(state, SandboxStateJson.Default.SandboxState);
    }
}
