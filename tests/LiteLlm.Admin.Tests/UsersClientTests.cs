using System.Net;
using System.Net.Sockets;
using LiteLlm.Admin.Users;
using LiteLlm.Sandbox;

namespace LiteLlm.Admin.Tests;

public class UsersClientTests
{
    public class TheGetUsersAsyncMethod
    {
        [Fact]
        public async Task WalksEveryPageInUserIdOrder()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUsers(250, i => new SandboxUserSeed { UserId = $"u-{249 - i:000}", UserEmail = $"p{i}@example.com", KeyCount = 0 });

            var users = new List<LiteLlmUser>();
            await foreach (var user in f.Client.Users.GetUsersAsync(cancellationToken: TestContext.Current.CancellationToken))
            {
                users.Add(user);
            }

            users.Count.ShouldBe(250);
            users.Select(u => u.UserId).ShouldBe(Enumerable.Range(0, 250).Select(i => $"u-{i:000}"));
            f.Sandbox.Journal.Entries.Count(e => e.Path == "/user/list").ShouldBe(3);
            f.Sandbox.Journal.Entries.ShouldAllBe(e => e.QueryString.Contains("sort_by=user_id") && e.QueryString.Contains("page_size=100"));
        }

        [Fact]
        public async Task PassesFiltersAndReturnsEmptyForNoMatch()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("Alice@Example.com", "u-1");
            f.Sandbox.Store.AddUser("bob@example.com", "u-2", "proxy_admin");

            var alice = await f.Client.Users.GetUsersAsync(new UserQuery { UserEmail = "alice" }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
            var admins = await f.Client.Users.GetUsersAsync(new UserQuery { Role = "proxy_admin" }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
            var none = await f.Client.Users.GetUsersAsync(new UserQuery { UserEmail = "nobody" }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

            alice.Select(u => u.UserId).ShouldBe(["u-1"]);
            admins.Select(u => u.UserId).ShouldBe(["u-2"]);
            none.ShouldBeEmpty();
        }
    }

    public class TheWriteMethods
    {
        [Fact]
        public async Task CreateGetUpdateAndDeleteAUser()
        {
            await using var f = await ClientFixture.StartAsync();
            var ct = TestContext.Current.CancellationToken;

            var created = await f.Client.Users.CreateAsync(new CreateUserRequest { UserEmail = "new@example.com", UserRole = "internal_user", AutoCreateKey = false }, ct);
            var updated = await f.Client.Users.UpdateAsync(new UpdateUserRequest(created.UserId) { UserAlias = "Newbie" }, ct);
            var info = await f.Client.Users.GetAsync(created.UserId, ct);
            var count = await f.Client.Users.DeleteAsync([created.UserId], ct);

            created.Key.ShouldBe(string.Empty);
            updated.Data!.UserAlias.ShouldBe("Newbie");
            info.UserInfoRow!.UserEmail.ShouldBe("new@example.com");
            count.ShouldBe(1);
            f.Sandbox.Store.UserCount.ShouldBe(0);
        }

        [Fact]
        public async Task ADuplicateEmailIs409WithTheServersWords()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("Taken@Example.com", "u-1");

            var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => f.Client.Users.CreateAsync(new CreateUserRequest { UserEmail = "taken@example.com" }, TestContext.Current.CancellationToken));

            e.Status.ShouldBe(409);
            e.ServerMessage.ShouldBe("User with email Taken@Example.com already exists");
            e.ErrorCode.ShouldBe("409");
            f.Sandbox.Journal.Entries.Count(x => x.Method == "POST").ShouldBe(1);
        }

        [Fact]
        public async Task DeletingAnUnknownIdIs404AndDeletesNothing()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("a@example.com", "u-a");

            var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => f.Client.Users.DeleteAsync(["u-a", "u-missing"], TestContext.Current.CancellationToken));

            e.Status.ShouldBe(404);
            e.ServerMessage.ShouldBe("User not found, passed user_id=u-missing");
            f.Sandbox.Store.FindUser("u-a").ShouldNotBeNull();
        }

        [Fact]
        public async Task TheV1BulkRoutesAnswerPerRow()
        {
            await using var f = await ClientFixture.StartAsync(s => s.EnableManagementV1 = true);
            var ct = TestContext.Current.CancellationToken;
            f.Sandbox.Store.AddUser("a@example.com", "u-a");

            var deleted = await f.Client.Users.BulkDeleteAsync(["u-a", "u-missing"], ct);
            var created = await f.Client.Users.BulkCreateAsync([new CreateUserRequest { UserEmail = "x@example.com" }, new CreateUserRequest { UserEmail = "y@example.com" }], ct);

            deleted.Select(r => (r.UserId, r.Success)).ShouldBe([("u-a", true), ("u-missing", false)]);
            deleted[1].Error.ShouldBe("User id=u-missing not found");
            created.Data.Count(r => r.Success).ShouldBe(2);
            created.Meta!.Created.ShouldBe(2);
            (await f.Client.HasRouteAsync("/management/v1/users/bulk_delete", ct)).ShouldBeTrue();
        }

        [Fact]
        public async Task AnOlderProxyHasNoV1Route()
        {
            await using var f = await ClientFixture.StartAsync();

            (await f.Client.HasRouteAsync("/management/v1/users/bulk_delete", TestContext.Current.CancellationToken)).ShouldBeFalse();
            f.Sandbox.Journal.Mutations.ShouldBeEmpty();
        }
    }

    public class TheSendPath
    {
        [Fact]
        public async Task SendsBearerKeyUserAgentAndChangedBy()
        {
            await using var f = await ClientFixture.StartAsync(client: o => o.ChangedBy = "alice.ops");

            await f.Client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken);

            var headers = f.Sandbox.Journal.Entries.Single().Headers;
            headers.Keys.ShouldContain(k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
            headers.Single(h => h.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)).Value.ShouldStartWith("litellm-users/");
            headers.Single(h => h.Key.Equals("litellm-changed-by", StringComparison.OrdinalIgnoreCase)).Value.ShouldBe("alice.ops");
        }

        [Fact]
        public async Task ReadsAreRetriedOnTransientFailures()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Faults.Add(new FaultRule { Kind = FaultKind.Status, Status = 503, RetryAfterSeconds = 0, Times = 2 });
            f.Sandbox.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, Times = 1 }); // rules apply in order: requests 1-2 get 503, 3 is dropped

            var page = await f.Client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken);

            page.Total.ShouldBe(0);
            f.Client.Statistics.Retries.ShouldBe(3);
            f.Client.Statistics.RequestsSent.ShouldBe(4);
        }

        [Fact]
        public async Task ChangesAreNotRetriedWhenTheOutcomeIsUnknown()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("a@example.com", "u-a");
            f.Sandbox.Faults.Add(new FaultRule { Method = "POST", Kind = FaultKind.DropAfterCommit, Times = 1 });

            var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => f.Client.Users.DeleteAsync(["u-a"], TestContext.Current.CancellationToken));

            e.Kind.ShouldBe(LiteLlmFailureKind.ConnectionLost);
            e.OutcomeUnknown.ShouldBeTrue();
            f.Sandbox.Journal.Entries.Count.ShouldBe(1);
            f.Sandbox.Store.FindUser("u-a").ShouldBeNull(); // it did happen
        }

        [Fact]
        public async Task ChangesAreRetriedOn429()
        {
            await using var f = await ClientFixture.StartAsync();
            f.Sandbox.Store.AddUser("a@example.com", "u-a");
            f.Sandbox.Faults.Add(new FaultRule { Method = "POST", Kind = FaultKind.Status, Status = 429, RetryAfterSeconds = 0, Times = 1 });

            (await f.Client.Users.DeleteAsync(["u-a"], TestContext.Current.CancellationToken)).ShouldBe(1);

            f.Client.Statistics.TooManyRequests.ShouldBe(1);
        }

        [Fact]
        public async Task ATimeoutIsItsOwnKind()
        {
            await using var f = await ClientFixture.StartAsync(client: o =>
            {
                o.Timeout = TimeSpan.FromMilliseconds(300);
                o.Retry.MaxRetries = 0;
            });
            f.Sandbox.Faults.Add(new FaultRule { Kind = FaultKind.Stall, Times = 1 });

            var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => f.Client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

            e.Kind.ShouldBe(LiteLlmFailureKind.Timeout);
            e.IsNetworkError.ShouldBeTrue();
            e.Status.ShouldBeNull();
        }

        [Fact]
        public async Task ARefusedConnectionIsItsOwnKindAndNamesTheServer()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            using var client = new LiteLlmAdminClient(new Uri($"http://127.0.0.1:{port}"), "sk-x", new LiteLlmAdminClientOptions { Retry = new RetrySettings { MaxRetries = 0 } });

            var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

            e.Kind.ShouldBe(LiteLlmFailureKind.ConnectionRefused);
            e.RequestNeverSent.ShouldBeTrue();
            e.Message.ShouldContain($"127.0.0.1:{port}");
        }

        [Fact]
        public async Task AnUnresolvableHostIsNameResolution()
        {
            using var client = new LiteLlmAdminClient(new Uri("http://no-such-host.invalid"), "sk-x", new LiteLlmAdminClientOptions { Retry = new RetrySettings { MaxRetries = 0 } });

            var e = await Should.ThrowAsync<LiteLlmRequestFailedException>(() => client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

            e.Kind.ShouldBe(LiteLlmFailureKind.NameResolution);
        }

        [Fact]
        public async Task LogsRequestsAndResponsesWithTheKeyRedactedEvenWhenEchoed()
        {
            await using var f = await ClientFixture.StartAsync(s =>
            {
                s.EchoKeyInAuthErrors = true;
                s.MasterKey = "sk-the-real-master";
            });

            await Should.ThrowAsync<LiteLlmRequestFailedException>(() => f.Client.Users.GetUsersPageAsync(new UserQuery(), 1, TestContext.Current.CancellationToken));

            f.Log.Lines.ShouldContain(l => l.StartsWith("-> GET /user/list", StringComparison.Ordinal));
            f.Log.Lines.ShouldContain(l => l.StartsWith("<- 401 GET /user/list", StringComparison.Ordinal));
            f.Log.Lines.ShouldAllBe(l => !l.Contains(ClientFixture.Key));
            f.Sandbox.Journal.Entries.Single().Status.ShouldBe(401);
        }
    }
}

public class LimitsTests
{
    [Fact]
    public async Task MaxRequestsPerSecondSpacesRequestsOut()
    {
        // A lower bound only: a rate limiter can make requests later, never earlier, so a slow
        // machine cannot make this fail.
        await using var f = await ClientFixture.StartAsync(client: o => o.MaxRequestsPerSecond = 5);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => f.Client.Users.GetUsersPageAsync(new Users.UserQuery(), 1, TestContext.Current.CancellationToken)));

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
        f.Sandbox.Journal.Entries.Count.ShouldBe(6);
    }

    [Fact]
    public async Task MaxConcurrentRequestsCapsRequestsInFlight()
    {
        await using var f = await ClientFixture.StartAsync(s => s.BaseLatencyMs = 20, client: o => o.MaxConcurrentRequests = 2);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => f.Client.Users.GetUsersPageAsync(new Users.UserQuery(), 1, TestContext.Current.CancellationToken)));

        f.Sandbox.PeakConcurrentRequests.ShouldBeLessThanOrEqualTo(2);
        f.Sandbox.Journal.Entries.Count.ShouldBe(12);
    }
}
