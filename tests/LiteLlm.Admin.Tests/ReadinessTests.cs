using LiteLlm.Testing;
using LiteLlm.Admin.Tests.Loopback;
using LiteLlm.Sandbox;

namespace LiteLlm.Admin.Tests;

/// <summary><see cref="LiteLlmAdminClient.GetReadinessAsync"/>: the release and the database of the proxy (fleet row 11).</summary>
public class ReadinessTests
{
    [Theory]
    [InlineData("legacy", "1.74.0")]
    [InlineData("1.77.1", "1.77.1")]
    [InlineData("current", "main")]
    public async Task ReadsTheReleaseAndAConnectedDatabase(string profile, string version)
    {
        await using var f = await ClientFixture.StartAsync(o => o.Profile = SandboxProfile.Parse(profile));

        var readiness = await f.Client.GetReadinessAsync(TestContext.Current.CancellationToken);

        readiness.LiteLlmVersion.ShouldBe(version);
        readiness.Db.ShouldBe("connected");
        readiness.IsDatabaseConnected.ShouldBeTrue();
        readiness.AdditionalProperties!.ShouldContainKey("success_callbacks");
        f.Sandbox.Journal.Entries.ShouldHaveSingleItem().Path.ShouldBe("/health/readiness");
    }

    [Fact]
    public async Task AProxyWithoutADatabaseStillAnswersAndSaysSo()
    {
        await using var f = await ClientFixture.StartAsync(o => o.NoDatabase = true);

        var readiness = await f.Client.GetReadinessAsync(TestContext.Current.CancellationToken);

        readiness.Db.ShouldBe("Not connected");
        readiness.IsDatabaseConnected.ShouldBeFalse();
        f.Client.Statistics.Retries.ShouldBe(0);
    }

    [Fact]
    public async Task AnAnswerThatIsNotJsonIsAnInvalidResponse()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, 200, "<html>login</html>", "text/html"));
        using var client = server.CreateClient();

        var failure = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.GetReadinessAsync(TestContext.Current.CancellationToken));

        failure.Kind.ShouldBe(LiteLlmFailureKind.InvalidResponse);
        failure.Path.ShouldBe("/health/readiness");
    }
}
