using System.Text;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>What disable and enable cost in requests: 2 + K per user with K keys to block (or unblock), plus a few per run.</summary>
public class DisableCostTests
{
    private const int Users = 150;
    private const int KeysEach = 2;

    [Fact]
    public async Task DisableCostsOneKeyListingOneUpdateAndOneBlockPerKeyPerUser()
    {
        // Arrange: 150 users with 2 keys each, and 50 bystanders.
        await using var h = await CliHarness.StartAsync();
        var csv = new StringBuilder("email\n");
        for (var i = 0; i < Users + 50; i++)
        {
            h.Store.AddUser(new SandboxUserSeed { UserId = $"u-{i:000}", UserEmail = $"p{i}@example.com", KeyCount = 0 });
            if (i < Users)
            {
                csv.Append('p').Append(i).Append("@example.com\n");
                for (var k = 0; k < KeysEach; k++)
                {
                    h.Store.CreateKey($"u-{i:000}");
                }
            }
        }

        h.WriteFile("in.csv", csv.ToString());
        h.Sandbox.Journal.Clear();

        // Act
        var disable = await h.RunAsync("disable", "--csv-file", "in.csv", "--strategy", "snapshot", "--max-delete", "100%");
        var disableCounts = h.Sandbox.Journal.CountByRoute();
        h.Sandbox.Journal.Clear();
        var enable = await h.RunAsync("enable", "--csv-file", "in.csv", "--strategy", "snapshot");
        var enableCounts = h.Sandbox.Journal.CountByRoute();

        // Assert
        disable.ExitCode.ShouldBe(0, disable.All);
        enable.ExitCode.ShouldBe(0, enable.All);
        TestContext.Current.TestOutputHelper?.WriteLine("disable: " + string.Join(", ", disableCounts.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")));
        TestContext.Current.TestOutputHelper?.WriteLine("enable: " + string.Join(", ", enableCounts.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")));
        disableCounts["GET /key/list"].ShouldBe(Users);
        disableCounts["POST /user/update"].ShouldBe(Users);
        disableCounts["POST /key/block"].ShouldBe(Users * KeysEach);
        disableCounts["GET /key/info"].ShouldBe(1);

        // Reads of users: the probe, 2 snapshot pages of 200 users, and 2 re-reads of 100 ids before changing them.
        disableCounts["GET /user/list"].ShouldBe(1 + 2 + 2);
        disableCounts.Values.Sum().ShouldBe((Users * (2 + KeysEach)) + 6);
        enableCounts["GET /key/list"].ShouldBe(Users);
        enableCounts["POST /user/update"].ShouldBe(Users);
        enableCounts["POST /key/unblock"].ShouldBe(Users * KeysEach);
        enableCounts.Values.Sum().ShouldBe((Users * (2 + KeysEach)) + 5);
    }
}
