using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>FastAPI routing behaviour clients rely on when probing routes.</summary>
public sealed class RoutingTests
{
    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task UnknownRoute_Answers404NotFound(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var response = await t.GetAsync("/user/get_users");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("{\"detail\":\"Not Found\"}");
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task KnownRouteWithWrongMethod_Answers405BeforeAuth(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);

        // Act
        using var response = await t.GetAsync("/user/delete", key: "");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("{\"detail\":\"Method Not Allowed\"}");
        response.Content.Headers.Allow.ShouldContain("POST");
    }

    [Fact]
    public async Task ManagementV1Routes_Answer404WhenDisabled()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.PostAsync("/management/v1/users/bulk_delete", new { user_ids = new[] { "x" } });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PathsAreCaseSensitive()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.GetAsync("/User/List");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BaseAddressPlusAbsolutePath_Works()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("Authorization", "Bearer " + t.MasterKey);

        // Act
        using var concatenated = await client.GetAsync(t.Server!.BaseAddress + "/user/list", TestContext.Current.CancellationToken);
        using var combined = await client.GetAsync(new Uri(t.Server.BaseAddress, "/user/list"), TestContext.Current.CancellationToken);

        // Assert
        concatenated.StatusCode.ShouldBe(HttpStatusCode.OK);
        combined.StatusCode.ShouldBe(HttpStatusCode.OK);
        t.Server.BaseAddress.AbsolutePath.ShouldBe("/");
    }

    [Fact]
    public async Task HealthReadiness_IsPublicAndReportsAVersion()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.GetAsync("/health/readiness", key: "");
        var body = await response.JsonAsync();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.Str("litellm_version").ShouldBe(t.Server!.Profile.LiteLlmVersion);
        body.Str("litellm_version").ShouldBe("1.83.10");
        body.Str("db").ShouldBe("connected");
    }

    [Fact]
    public async Task LargeBodies_AreAccepted()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var ids = Enumerable.Range(0, 60_000).Select(i => "missing-user-with-a-long-identifier-" + i).ToArray();

        // Act
        using var response = await t.PostAsync("/user/delete", new { user_ids = ids });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FixedPortAndWaitForShutdown_ServeUntilCancelled()
    {
        // Arrange
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Port = port }, TestContext.Current.CancellationToken);
        using var cts = new CancellationTokenSource();
        var running = server.WaitForShutdownAsync(cts.Token);
        using var client = new HttpClient();

        // Act
        using var response = await client.GetAsync($"http://127.0.0.1:{port}/health/readiness", TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        await running;

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.BaseAddress.Port.ShouldBe(port);
        running.IsCompletedSuccessfully.ShouldBeTrue();
    }
}
