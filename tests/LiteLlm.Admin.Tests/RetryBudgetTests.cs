using LiteLlm.Testing;
using LiteLlm.Admin.Tests.Loopback;
using LiteLlm.Admin.Users;
using Microsoft.AspNetCore.Http;

namespace LiteLlm.Admin.Tests;

/// <summary>One retry layer: MaxRetries = N means at most N + 1 attempts of any request.</summary>
public class RetryBudgetTests
{
    /// <summary>A server that accepts the request and never answers (until the client gives up).</summary>
    private static async Task NeverAnswer(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client hung up.
        }
    }

    [Fact]
    public async Task MaxRetriesTwoAgainstAnAlways503ServerIsExactlyThreeAttempts()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, 503, "<html>Service Unavailable</html>", "text/html"));
        using var client = server.CreateClient(o => o.Retry.MaxRetries = 2);

        var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

        e.Status.ShouldBe(503);
        server.Requests.Count.ShouldBe(3);
        client.Statistics.Retries.ShouldBe(2);
    }

    [Fact]
    public async Task ATimeoutIsRetriedOnceWhateverTheBudget()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => NeverAnswer(context));
        using var client = server.CreateClient(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(200);
            o.Retry.MaxRetries = 5;
        });

        var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

        // With the defaults (30 s, 5 retries) that is 2 × 30 s plus one backoff of at most 0.5 s.
        e.Kind.ShouldBe(LiteLlmFailureKind.Timeout);
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ADeleteAgainstAServerThatNeverAnswersEndsAfterTwoTimeoutsReCheckIncluded()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => NeverAnswer(context));
        using var client = server.CreateClient(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(200);
            o.Retry.MaxRetries = 5;
        });

        var outcomes = await client.Users.DeleteManyAsync(["u-a", "u-b"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

        outcomes.ShouldAllBe(o => o.Status == UserDeleteStatus.Failed && o.Failure!.Kind == LiteLlmFailureKind.Timeout);
        server.Requests.Select(r => (r.Method, r.Path)).ShouldBe([("POST", "/user/delete"), ("GET", "/user/list")]);
    }

    [Fact]
    public async Task ACreateAgainstAServerThatNeverAnswersEndsAfterTwoTimeouts()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => NeverAnswer(context));
        using var client = server.CreateClient(o => o.Timeout = TimeSpan.FromMilliseconds(200));

        var outcome = (await client.Users.CreateManyAsync([new CreateUserRequest { UserId = "n-1" }], new UserCreateOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken)).Single();

        outcome.Status.ShouldBe(UserCreateStatus.Failed);
        outcome.Failure!.Kind.ShouldBe(LiteLlmFailureKind.Timeout);
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ResendsOfADeleteCountAgainstTheSameBudget()
    {
        // Every POST fails with a 500 whose outcome is unknown: each resend follows a re-check,
        // and resends plus re-check retries never exceed MaxRetries.
        var ids = new[] { "u-a", "u-b" };
        await using var fake = await FakeUserServer.StartAsync(ids);
        fake.Poison.UnionWith(ids);
        fake.PoisonFailure = new FakeFailure(502, "Bad Gateway", "text/plain");
        using var client = fake.Server.CreateClient(o => o.Retry.MaxRetries = 3);

        var outcomes = await client.Users.DeleteManyAsync(ids, new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

        outcomes.ShouldAllBe(o => o.Status == UserDeleteStatus.Failed);
        fake.Posts.ShouldBe(4);
        client.Statistics.Retries.ShouldBe(3);
    }

    [Fact]
    public async Task AProxyWithoutADatabaseIsNeverRetried()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, 500, """{"detail":{"error":"No db connected. prisma client=None"}}"""));
        using var client = new LiteLlmAdminClient(server.BaseAddress, "sk-x"); // default retry settings

        var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

        e.IsNoDatabase.ShouldBeTrue();
        e.IsTransient.ShouldBeFalse();
        server.Requests.Count.ShouldBe(1);
    }
}
