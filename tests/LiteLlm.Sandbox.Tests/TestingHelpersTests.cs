using System.Net;
using LiteLlm.Testing;

namespace LiteLlm.Sandbox.Tests;

public sealed class TestingHelpersTests
{
    [Fact]
    public async Task NumberedUsersAndRoleKeys_WorkAgainstTheServer()
    {
        // Arrange
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Store.AddNumberedUsers(3);
        var viewerKey = server.Store.AddUserWithKey("viewer", "proxy_admin_viewer");
        using var admin = server.CreateClient();
        using var viewer = server.CreateClient(viewerKey);

        // Act
        using var listed = await admin.GetAsync("/user/list?sort_by=user_id", TestContext.Current.CancellationToken);
        using var denied = await viewer.PostAsync("/user/delete", new StringContent("{\"user_ids\":[\"user-000001\"]}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        // Assert
        listed.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Store.FindUser("user-000002")!.UserEmail.ShouldBe("user2@example.com");
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
