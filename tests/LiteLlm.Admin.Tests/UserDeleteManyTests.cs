using LiteLlm.Admin.Users;
using LiteLlm.Sandbox;

namespace LiteLlm.Admin.Tests;

/// <summary><see cref="UsersClient.DeleteManyAsync"/> and <see cref="UsersClient.GetRoutesAsync"/> against the sandbox.</summary>
public class UserDeleteManyTests
{
    public class TheGetRoutesAsyncMethod
    {
        [Fact]
        public async Task ProbesBothV1RoutesOnceWithGetsAndCachesTheAnswer()
        {
            await using var f = await ClientFixture.StartAsync(s => s.EnableManagementV1 = true);
            var ct = TestContext.Current.CancellationToken;

            var first = await f.Client.Users.GetRoutesAsync(ct);
            var second = await f.Client.Users.GetRoutesAsync(ct);

            first.ShouldBe(new UserRoutes(BulkDelete: true, BulkCreate: true));
            second.ShouldBeSameAs(first);
            f.Sandbox.Journal.Entries.Select(e => (e.Method, e.Path)).Order().ShouldBe([("GET", "/management/v1/users/bulk"), ("GET", "/management/v1/users/bulk_delete")]);
            f.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }

        [Fact]
        public async Task AnOlderProxyHasNeitherAndAutoMeansLegacy()
        {
            await using var f = await ClientFixture.StartAsync();

            var routes = await f.Client.Users.GetRoutesAsync(TestContext.Current.CancellationToken);

            routes.ShouldBe(new UserRoutes(false, false));
            routes.DeleteRoute(UserWriteRoute.Auto).ShouldBe(UserWriteRoute.Legacy);
            routes.CreateRoute(UserWriteRoute.BulkV1).ShouldBe(UserWriteRoute.BulkV1);
            UserWriteRoutes.DeletePath(UserWriteRoute.Legacy).ShouldBe("/user/delete");
            UserWriteRoutes.DeletePath(UserWriteRoute.BulkV1).ShouldBe("/management/v1/users/bulk_delete");
            UserWriteRoutes.CreatePath(UserWriteRoute.BulkV1).ShouldBe("/management/v1/users/bulk");
        }

        [Fact]
        public async Task AnAnswerThatIsNeither404Nor405ThrowsAndIsNotCached()
        {
            // A GET on a POST-only route is answered 405 before auth runs (FastAPI), so the probe
            // meets mostly infrastructure: here a gateway that refuses the first two requests.
            await using var f = await ClientFixture.StartAsync(s => s.EnableManagementV1 = true);
            f.Sandbox.Faults.Add(new FaultRule { Method = "GET", Kind = FaultKind.Status, Status = 403, Body = "forbidden by the gateway", Times = 2 });

            var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => f.Client.Users.GetRoutesAsync(TestContext.Current.CancellationToken));
            var routes = await f.Client.Users.GetRoutesAsync(TestContext.Current.CancellationToken);

            e.Status.ShouldBe(403);
            routes.ShouldBe(new UserRoutes(true, true));
            f.Sandbox.Journal.Entries.Count.ShouldBe(4);
        }
    }

    public class OnTheLegacyRoute
    {
        [Fact]
        public async Task ReportsEveryDistinctIdInOrderAndResendsAfterA404()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("a@example.com", "u-a");
            f.Sandbox.Store.AddUser("b@example.com", "u-b");
            f.Sandbox.Store.AddUser("ab@example.com", "u-ab");

            var outcomes = await f.Client.Users.DeleteManyAsync(["u-a", "u-missing", "u-b", "u-a"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

            outcomes.Select(o => (o.UserId, o.Status)).ShouldBe([("u-a", UserDeleteStatus.Deleted), ("u-missing", UserDeleteStatus.NotFound), ("u-b", UserDeleteStatus.Deleted)]);
            outcomes.ShouldAllBe(o => o.Failure == null && o.Hint == null);
            f.Sandbox.Store.FindUser("u-a").ShouldBeNull();
            f.Sandbox.Store.FindUser("u-b").ShouldBeNull();
            f.Sandbox.Store.FindUser("u-ab").ShouldNotBeNull();
            f.Sandbox.Journal.Entries.Select(e => (e.Method, e.Path, e.Status)).ShouldBe([("POST", "/user/delete", 404), ("GET", "/user/list", 200), ("POST", "/user/delete", 200)]);
        }

        [Fact]
        public async Task ASingleIdIsReCheckedExactlyThoughTheServerMatchesSubstrings()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("ab@example.com", "u-ab"); // "u-a" is a substring of it

            var outcomes = await f.Client.Users.DeleteManyAsync(["u-a"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

            outcomes.Single().Status.ShouldBe(UserDeleteStatus.NotFound);
            f.Sandbox.Store.FindUser("u-ab").ShouldNotBeNull();
            f.Sandbox.Journal.Entries.Count(e => e.Method == "POST").ShouldBe(1);
        }

        [Fact]
        public async Task AnIdSentByAnEarlierRunAndFoundGoneIsDeleted()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("b@example.com", "u-b");
            var seen = new List<UserDeleteOutcome>();
            var sent = new List<IReadOnlyList<string>>();

            var outcomes = await f.Client.Users.DeleteManyAsync(
                ["u-gone", "u-b", "u-never"],
                new UserDeleteOptions
                {
                    Route = UserWriteRoute.Legacy,
                    SentBefore = ["u-gone"],
                    OnOutcome = seen.Add,
                    BeforeSend = (ids, _) => { sent.Add(ids); return ValueTask.CompletedTask; },
                },
                TestContext.Current.CancellationToken);

            outcomes.Select(o => o.Status).ShouldBe([UserDeleteStatus.Deleted, UserDeleteStatus.Deleted, UserDeleteStatus.NotFound]);
            seen.Select(o => o.UserId).Order().ShouldBe(["u-b", "u-gone", "u-never"]);
            sent.ShouldBe([["u-gone", "u-b", "u-never"], ["u-b"]]);
        }

        [Fact]
        public async Task ADroppedAnswerIsReCheckedNotResent()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("a@example.com", "u-a");
            f.Sandbox.Store.AddUser("b@example.com", "u-b");
            f.Sandbox.Faults.Add(new FaultRule { Method = "POST", Kind = FaultKind.DropAfterCommit, Times = 1 });

            var outcomes = await f.Client.Users.DeleteManyAsync(["u-a", "u-b"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

            outcomes.ShouldAllBe(o => o.Status == UserDeleteStatus.Deleted);
            f.Sandbox.Journal.Entries.Select(e => (e.Method, e.Path)).ShouldBe([("POST", "/user/delete"), ("GET", "/user/list")]);
            f.Client.Statistics.Retries.ShouldBe(1);
        }

        [Fact]
        public async Task AFailureBeforeTheServerActedIsReCheckedThenResent()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("a@example.com", "u-a");
            f.Sandbox.Faults.Add(new FaultRule { Method = "POST", Kind = FaultKind.Status, Status = 502, Body = "<html>Bad Gateway</html>", Times = 1 });

            var outcomes = await f.Client.Users.DeleteManyAsync(["u-a"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken);

            outcomes.Single().Status.ShouldBe(UserDeleteStatus.Deleted);
            f.Sandbox.Journal.Entries.Select(e => (e.Method, e.Status)).ShouldBe([("POST", 502), ("GET", 200), ("POST", 200)]);
        }

        [Fact]
        public async Task ARejectedKeyIsThrownNotReported()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("a@example.com", "u-a");
            using var wrong = new LiteLlmAdminClient(f.Sandbox.BaseAddress, "sk-wrong-key");

            var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => wrong.Users.DeleteManyAsync(["u-a"], new UserDeleteOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken));

            e.Status.ShouldBe(401);
            e.IsFatal.ShouldBeTrue();
            f.Sandbox.Store.FindUser("u-a").ShouldNotBeNull();
            f.Sandbox.Journal.Entries.Count.ShouldBe(1);
        }
    }

    public class OnTheV1Route
    {
        [Fact]
        public async Task AutoChoosesV1AndReadsTheRows()
        {
            await using var f = await ClientFixture.StartAsync(s => s.EnableManagementV1 = true);
            f.Sandbox.Store.AddUser("a@example.com", "u-a");
            f.Sandbox.Store.AddUser("b@example.com", "u-b");

            var outcomes = await f.Client.Users.DeleteManyAsync(["u-a", "u-gone", "u-missing", "u-b"], new UserDeleteOptions { SentBefore = ["u-gone"] }, TestContext.Current.CancellationToken);

            outcomes.Select(o => o.Status).ShouldBe([UserDeleteStatus.Deleted, UserDeleteStatus.Deleted, UserDeleteStatus.NotFound, UserDeleteStatus.Deleted]);
            f.Sandbox.Store.UserCount.ShouldBe(0);
            f.Sandbox.Journal.Mutations.Select(e => e.Path).ShouldBe(["/management/v1/users/bulk_delete"]);
        }

        [Fact]
        public async Task SplitsABatchLargerThanTheRouteTakes()
        {
            await using var f = await ClientFixture.StartAsync(s => s.EnableManagementV1 = true);
            f.Sandbox.Store.AddUsers(700, i => new SandboxUserSeed { UserId = $"u-{i:000}", UserEmail = $"p{i}@example.com", KeyCount = 0 });

            var outcomes = await f.Client.Users.DeleteManyAsync([.. Enumerable.Range(0, 700).Select(i => $"u-{i:000}")], new UserDeleteOptions { Route = UserWriteRoute.BulkV1 }, TestContext.Current.CancellationToken);

            outcomes.Count.ShouldBe(700);
            outcomes.ShouldAllBe(o => o.Status == UserDeleteStatus.Deleted);
            f.Sandbox.Store.UserCount.ShouldBe(0);
            f.Sandbox.Journal.Mutations.Count.ShouldBe(2);
        }
    }
}
