using LiteLlm.Admin.Users;
using LiteLlm.Sandbox;

namespace LiteLlm.Admin.Tests;

/// <summary><see cref="UsersClient.CreateManyAsync"/> against the sandbox.</summary>
public class UserCreateManyTests
{
    private static CreateUserRequest User(string id, string? email = null, bool key = true) =>
        new() { UserId = id, UserEmail = email ?? id + "@example.com", UserRole = "internal_user", AutoCreateKey = key };

    [Fact]
    public async Task CreatesOneByOneOnTheLegacyRouteAndReportsADuplicateEmail()
    {
        await using var f = await ClientFixture.StartAsync();
        f.Sandbox.Store.AddUser("Taken@Example.com", "u-old");

        var outcomes = await f.Client.Users.CreateManyAsync([User("n-1"), User("n-2", "taken@example.com"), User("n-3", key: false)], cancellationToken: TestContext.Current.CancellationToken);

        outcomes.Select(o => (o.UserId, o.Status)).ShouldBe([("n-1", UserCreateStatus.Created), ("n-2", UserCreateStatus.Failed), ("n-3", UserCreateStatus.Created)]);
        outcomes[0].Key!.ShouldStartWith("sk-");
        outcomes[0].CreatedEarlier.ShouldBeFalse();
        outcomes[1].Failure!.Status.ShouldBe(409);
        outcomes[1].Failure!.ServerMessage.ShouldBe("User with email Taken@Example.com already exists");
        outcomes[2].Key.ShouldBeNull();
        f.Sandbox.Store.FindUser("n-1").ShouldNotBeNull();
        f.Sandbox.Store.FindUser("n-2").ShouldBeNull();
        f.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldBe(["/user/new", "/user/new", "/user/new"]);
    }

    [Fact]
    public async Task ACreateWhoseAnswerIsLostIsLookedUpNotSentTwice()
    {
        await using var f = await ClientFixture.StartAsync();
        f.Sandbox.Faults.Add(new FaultRule { Method = "POST", Kind = FaultKind.DropAfterCommit, Times = 1 });

        var outcome = (await f.Client.Users.CreateManyAsync([User("n-1")], new UserCreateOptions { Route = UserWriteRoute.Legacy }, TestContext.Current.CancellationToken)).Single();

        outcome.Status.ShouldBe(UserCreateStatus.Created);
        outcome.CreatedEarlier.ShouldBeTrue();
        outcome.Key.ShouldBeNull();
        f.Sandbox.Journal.Entries.Select(e => (e.Method, e.Path)).ShouldBe([("POST", "/user/new"), ("GET", "/user/list")]);
        f.Sandbox.Store.KeysOf("n-1").Count.ShouldBe(1);
    }

    [Fact]
    public async Task AUserAnEarlierRunCreatedIsNotSentAgain()
    {
        await using var f = await ClientFixture.StartAsync();
        f.Sandbox.Store.AddUser("n-1@example.com", "n-1");

        var outcomes = await f.Client.Users.CreateManyAsync([User("n-1"), User("n-2")], new UserCreateOptions { Route = UserWriteRoute.Legacy, SentBefore = ["n-1", "n-2"] }, TestContext.Current.CancellationToken);

        outcomes.Select(o => (o.Status, o.CreatedEarlier)).ShouldBe([(UserCreateStatus.Created, true), (UserCreateStatus.Created, false)]);
        f.Sandbox.Journal.Mutations.Count.ShouldBe(1);
    }

    [Fact]
    public async Task AutoUsesTheV1BulkRouteWhenPresent()
    {
        await using var f = await ClientFixture.StartAsync(s => s.EnableManagementV1 = true);
        f.Sandbox.Store.AddUser("taken@example.com", "u-old");

        var outcomes = await f.Client.Users.CreateManyAsync([User("n-1"), User("n-2", "taken@example.com"), User("n-3", key: false)], cancellationToken: TestContext.Current.CancellationToken);

        outcomes.Select(o => o.Status).ShouldBe([UserCreateStatus.Created, UserCreateStatus.Failed, UserCreateStatus.Created]);
        outcomes[0].Key!.ShouldStartWith("sk-");
        outcomes[1].Failure!.Kind.ShouldBe(LiteLlmFailureKind.ItemFailed);
        outcomes[1].Failure!.ErrorType.ShouldBe(LiteLlmItemErrors.Failed);
        outcomes[1].Failure!.IsFatal.ShouldBeFalse();
        f.Sandbox.Journal.Mutations.Select(m => m.Path).ShouldBe(["/management/v1/users/bulk"]);
    }

    [Fact]
    public async Task AMissingBulkRouteFallsBackToOneCreateEach()
    {
        await using var f = await ClientFixture.StartAsync();

        var outcomes = await f.Client.Users.CreateManyAsync([User("n-1"), User("n-2")], new UserCreateOptions { Route = UserWriteRoute.BulkV1 }, TestContext.Current.CancellationToken);

        outcomes.ShouldAllBe(o => o.Status == UserCreateStatus.Created);
        f.Sandbox.Journal.Entries.Where(e => e.Method == "POST").Select(e => (e.Path, e.Status)).ShouldBe([("/management/v1/users/bulk", 404), ("/user/new", 200), ("/user/new", 200)]);
    }

    [Fact]
    public async Task ABulkCreateWhoseAnswerIsLostIsReCheckedNotDuplicated()
    {
        await using var f = await ClientFixture.StartAsync(s => s.EnableManagementV1 = true);
        f.Sandbox.Faults.Add(new FaultRule { Method = "POST", Kind = FaultKind.DropAfterCommit, Times = 1 });

        var outcomes = await f.Client.Users.CreateManyAsync([User("n-1"), User("n-2")], new UserCreateOptions { Route = UserWriteRoute.BulkV1 }, TestContext.Current.CancellationToken);

        outcomes.ShouldAllBe(o => o.Status == UserCreateStatus.Created && o.CreatedEarlier);
        f.Sandbox.Journal.Mutations.Count.ShouldBe(1);
        f.Sandbox.Store.UserCount.ShouldBe(2);
    }

    [Fact]
    public async Task EveryUserNeedsItsOwnChosenId()
    {
        await using var f = await ClientFixture.StartAsync();

        await Should.ThrowAsync<ArgumentException>(() => f.Client.Users.CreateManyAsync([new CreateUserRequest { UserEmail = "x@example.com" }], cancellationToken: TestContext.Current.CancellationToken));
        await Should.ThrowAsync<ArgumentException>(() => f.Client.Users.CreateManyAsync([User("n-1"), User("n-1")], cancellationToken: TestContext.Current.CancellationToken));

        f.Sandbox.Journal.Entries.ShouldBeEmpty();
    }
}
