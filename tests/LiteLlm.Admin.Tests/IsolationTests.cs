using LiteLlm.Testing;
using LiteLlm.Admin.Tests.Loopback;
using LiteLlm.Admin.Users;

namespace LiteLlm.Admin.Tests;

/// <summary>
/// Isolation of the users who make a batch fail, against a fake LiteLLM whose requests fail while
/// they carry a "poisoned" user (what older releases do for fleet row 1).
/// </summary>
public class IsolationTests
{
    private static readonly UserDeleteOptions Legacy = new() { Route = UserWriteRoute.Legacy };

    private static List<string> Ids(int n) => [.. Enumerable.Range(0, n).Select(i => $"u-{i:00}")];

    private static int Bound(int k, int n) => 2 * k * (int)Math.Ceiling(Math.Log2(n));

    [Theory]
    [InlineData(16, new[] { 5 })]
    [InlineData(16, new[] { 0, 15 })]
    [InlineData(16, new[] { 2, 3, 9 })]
    [InlineData(13, new[] { 12 })]
    [InlineData(2, new[] { 1 })]
    [InlineData(64, new[] { 7, 40 })]
    public async Task TheInvitationLinkErrorIsIsolatedWithinTheBoundAndNeverRetried(int n, int[] poisoned)
    {
        var ids = Ids(n);
        await using var fake = await FakeUserServer.StartAsync(ids);
        fake.Poison.UnionWith(poisoned.Select(i => ids[i]));
        using var client = fake.Server.CreateClient();

        var outcomes = await client.Users.DeleteManyAsync(ids, Legacy, TestContext.Current.CancellationToken);

        var k = poisoned.Length;
        (fake.Posts - 1).ShouldBeLessThanOrEqualTo(Bound(k, n));
        fake.Lookups.ShouldBe(0); // the FK error is known to delete no user row: nothing to re-check
        outcomes.Select(o => o.UserId).ShouldBe(ids);
        foreach (var outcome in outcomes)
        {
            if (fake.Poison.Contains(outcome.UserId))
            {
                outcome.Status.ShouldBe(UserDeleteStatus.Failed);
                outcome.Failure!.Status.ShouldBe(500);
                outcome.Failure.ServerMessage!.ShouldContain("LiteLLM_InvitationLink_created_by_fkey");
                outcome.Hint.ShouldBe("this LiteLLM release cannot delete a user who created pending invitation links; upgrade LiteLLM (PR #23115), or delete those links first");
            }
            else
            {
                outcome.Status.ShouldBe(UserDeleteStatus.Deleted);
            }
        }

        fake.Users.Order().ShouldBe(fake.Poison.Order());
        client.Statistics.Retries.ShouldBe(0);
    }

    [Fact]
    public async Task AnUnknown500IsRetriedThenIsolatedWithOneReCheck()
    {
        var ids = Ids(16);
        await using var fake = await FakeUserServer.StartAsync(ids);
        fake.Poison.Add(ids[6]);
        fake.PoisonFailure = FakeFailure.PlainServerError;
        using var client = fake.Server.CreateClient(o => o.Retry.MaxRetries = 2);

        var outcomes = await client.Users.DeleteManyAsync(ids, Legacy, TestContext.Current.CancellationToken);

        // The top-level batch: 3 attempts, each failure re-checked (the 500 may have deleted users).
        // Isolation after it: halves that repeat the failure are split at once, with no re-check.
        (fake.Posts - 3).ShouldBeLessThanOrEqualTo(Bound(1, 16));
        fake.Lookups.ShouldBe(3);
        outcomes.Single(o => o.Status == UserDeleteStatus.Failed).UserId.ShouldBe(ids[6]);
        outcomes.Single(o => o.UserId == ids[6]).Failure!.ServerMessage.ShouldBe("Internal Server Error");
        outcomes.Single(o => o.UserId == ids[6]).Hint.ShouldBeNull();
        fake.Users.ShouldBe([ids[6]]);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(429)]
    public async Task OverloadIsRetriedWithinTheBudgetAndNeverSplit(int status)
    {
        var ids = Ids(8);
        await using var fake = await FakeUserServer.StartAsync(ids);
        fake.AlwaysFail = new FakeFailure(status, "<html>busy</html>", "text/html");
        using var client = fake.Server.CreateClient(o => o.Retry.MaxRetries = 2);

        var outcomes = await client.Users.DeleteManyAsync(ids, Legacy, TestContext.Current.CancellationToken);

        fake.Posts.ShouldBe(3);
        outcomes.ShouldAllBe(o => o.Status == UserDeleteStatus.Failed && o.Failure!.Status == status);
        fake.Users.Count.ShouldBe(8);
    }

    [Fact]
    public async Task AV1TransactionThatKeepsFailingIsResentThenIsolated()
    {
        var ids = Ids(8);
        await using var fake = await FakeUserServer.StartAsync(ids);
        fake.V1 = true;
        fake.Poison.Add(ids[3]);
        using var client = fake.Server.CreateClient(o => o.Retry.MaxRetries = 1);

        var outcomes = await client.Users.DeleteManyAsync([.. ids, "u-unknown"], new UserDeleteOptions { Route = UserWriteRoute.BulkV1 }, TestContext.Current.CancellationToken);

        var failed = outcomes.Single(o => o.Status == UserDeleteStatus.Failed);
        failed.UserId.ShouldBe(ids[3]);
        failed.Failure!.Kind.ShouldBe(LiteLlmFailureKind.ItemFailed);
        failed.Failure.Status.ShouldBeNull();
        failed.Failure.IsFatal.ShouldBeFalse();
        failed.Failure.ServerMessage.ShouldBe("Failed to delete user: deadlock detected");
        outcomes.Single(o => o.UserId == "u-unknown").Status.ShouldBe(UserDeleteStatus.NotFound);
        (fake.Posts - 2).ShouldBeLessThanOrEqualTo(Bound(1, 8));
        fake.Users.ShouldBe([ids[3]]);
    }

    [Fact]
    public async Task ABulkCreateThatFailsAsAWholeIsIsolated()
    {
        await using var fake = await FakeUserServer.StartAsync([]);
        fake.V1 = true;
        var users = Enumerable.Range(0, 8).Select(i => new CreateUserRequest { UserId = $"n-{i}", UserEmail = $"n{i}@example.com" }).ToList();
        fake.Poison.Add("n-5");
        using var client = fake.Server.CreateClient(o => o.Retry.MaxRetries = 0);

        var outcomes = await client.Users.CreateManyAsync(users, new UserCreateOptions { Route = UserWriteRoute.BulkV1 }, TestContext.Current.CancellationToken);

        outcomes.Select(o => o.UserId).ShouldBe(users.Select(u => u.UserId!));
        outcomes.Single(o => o.Status == UserCreateStatus.Failed).UserId.ShouldBe("n-5");
        outcomes.Single(o => o.UserId == "n-5").Failure!.ServerMessage.ShouldBe("Failed to create users.");
        fake.Users.Order().ShouldBe(users.Select(u => u.UserId!).Where(id => id != "n-5").Order());
        (fake.Posts - 1).ShouldBeLessThanOrEqualTo(Bound(1, 8));
        fake.Server.Count("POST", "/user/new").ShouldBe(0);
    }
}

/// <summary>Failures that are reported per user, and those that are thrown.</summary>
public class WriteFailureTests
{
    [Fact]
    public async Task ALegacyScopeRefusalFailsOnlyTheNamedUser()
    {
        var deleted = new List<string>();
        await using var server = await LoopbackServer.StartAsync((context, seen) =>
        {
            if (seen.Body.Contains("\"u-other-org\"", StringComparison.Ordinal))
            {
                return LoopbackServer.Json(context, 403, """{"detail":{"error":"User u-other-org is not within your admin scope. Only PROXY_ADMIN may delete users outside your administered organizations."}}""");
            }

            deleted.Add(seen.Body);
            return LoopbackServer.Json(context, 200, "2");
        });
        using var client = server.CreateClient();

        var outcomes = await client.Users.DeleteManyAsync(["u-a", "u-other-org", "u-b"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

        outcomes.Select(o => o.Status).ShouldBe([UserDeleteStatus.Deleted, UserDeleteStatus.Failed, UserDeleteStatus.Deleted]);
        var refused = outcomes[1].Failure!;
        refused.Kind.ShouldBe(LiteLlmFailureKind.ItemFailed);
        refused.ErrorType.ShouldBe(LiteLlmItemErrors.Forbidden);
        refused.IsFatal.ShouldBeFalse();
        refused.ServerMessage!.ShouldStartWith("User u-other-org is not within your admin scope.");
        (refused.InnerException as LiteLlmRequestFailedException)!.Status.ShouldBe(403);
        deleted.ShouldBe(["""{"user_ids":["u-a","u-b"]}"""]);
    }

    [Fact]
    public async Task AV1ScopeRowIsAForbiddenItemFailure()
    {
        await using var server = await LoopbackServer.StartAsync((context, seen) => LoopbackServer.Json(context, 200, """
            {"data":[{"user_id":"u-a","user_email":null,"success":true,"teams_removed":[],"error":null},
                     {"user_id":"u-x","user_email":null,"success":false,"teams_removed":[],"error":"User u-x is not within your admin scope. Only PROXY_ADMIN may delete users outside your administered organizations."}]}
            """));
        using var client = server.CreateClient();

        var outcomes = await client.Users.DeleteManyAsync(["u-a", "u-x"], new UserDeleteOptions { Route = UserWriteRoute.BulkV1 }, TestContext.Current.CancellationToken);

        outcomes[0].Status.ShouldBe(UserDeleteStatus.Deleted);
        outcomes[1].Status.ShouldBe(UserDeleteStatus.Failed);
        outcomes[1].Failure!.ErrorType.ShouldBe(LiteLlmItemErrors.Forbidden);
        outcomes[1].Failure!.Status.ShouldBeNull();
        server.Requests.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(500, """{"detail":{"error":"No db connected"}}""")]
    [InlineData(400, """{"error":{"message":"No connected db.","type":"no_db_connection","param":null,"code":"400"}}""")]
    [InlineData(503, """{"type":"urn:litellm:error:database-not-connected","title":"Database not connected","status":503,"detail":"DB not connected. See https://docs.litellm.ai/docs/proxy/virtual_keys"}""")]
    public async Task AProxyWithoutADatabaseIsThrownAtOnce(int status, string body)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, status, body));
        using var client = server.CreateClient();
        var reported = new List<UserDeleteOutcome>();

        var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.DeleteManyAsync(["u-a", "u-b"], new UserDeleteOptions { Route = UserWriteRoute.Legacy, OnOutcome = reported.Add }, TestContext.Current.CancellationToken));

        e.IsNoDatabase.ShouldBeTrue();
        e.IsFatal.ShouldBeTrue();
        e.IsTransient.ShouldBeFalse();
        reported.ShouldBeEmpty();
        server.Requests.Count.ShouldBe(1);
    }
}
