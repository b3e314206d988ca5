using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Faults come from "infrastructure in front of LiteLLM": decided before routing and auth.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task StatusFault_AnswersWithoutRunningTheHandler()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Faults.Add(new FaultRule { PathPrefix = "/user/new", Status = 503, RetryAfterSeconds = 7 });

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = "a@example.com" });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("503 Service Unavailable");
        t.Server.Store.UserCount.ShouldBe(0);
        var entry = t.Server.Journal.Entries.Single();
        entry.Fault.ShouldBe("Status");
        entry.Committed.ShouldBeFalse();
        t.Server.Faults.InjectedCount.ShouldBe(1);
    }

    [Fact]
    public async Task StatusFault_AppliesBeforeAuthAndRouting()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Faults.Add(new FaultRule { Status = 429, Body = "{\"detail\":\"slow down\"}" });

        // Act
        using var noKey = await t.GetAsync("/user/list", key: "");
        using var unknown = await t.GetAsync("/no/such/route");

        // Assert
        noKey.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        noKey.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        unknown.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task DropConnection_FailsTheCallAndChangesNothing()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, Method = "POST" });

        // Act
        var call = () => t.PostAsync("/user/new", new { user_email = "a@example.com" });

        // Assert
        await Should.ThrowAsync<HttpRequestException>(call);
        t.Server.Store.UserCount.ShouldBe(0);
        var entry = t.Server.Journal.Entries.Single();
        entry.Fault.ShouldBe("DropConnection");
        entry.Status.ShouldBe(0);
    }

    [Fact]
    public async Task DropAfterCommit_ChangesStateButLosesTheResponse()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser("doomed@example.com", "doomed");
        t.Server.Faults.Add(new FaultRule { Kind = FaultKind.DropAfterCommit, PathPrefix = "/user/delete" });

        // Act
        var call = () => t.PostAsync("/user/delete", new { user_ids = new[] { "doomed" } });

        // Assert
        await Should.ThrowAsync<HttpRequestException>(call);
        t.Server.Store.FindUser("doomed").ShouldBeNull();
        var entry = t.Server.Journal.Entries.Single();
        entry.Committed.ShouldBeTrue();
        entry.Fault.ShouldBe("DropAfterCommit");
        entry.Status.ShouldBe(200);
    }

    [Fact]
    public async Task StallFor_HoldsTheRequestThenServesIt()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Faults.Add(new FaultRule { Kind = FaultKind.Stall, StallFor = TimeSpan.FromMilliseconds(50) });

        // Act
        using var response = await t.GetAsync("/user/list");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        t.Server.Journal.Entries.Single().Fault.ShouldBe("Stall");
    }

    [Fact]
    public async Task StallWithoutDuration_HoldsUntilTheClientGivesUp()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Faults.Add(new FaultRule { Kind = FaultKind.Stall, Times = 1 });
        using var client = new HttpClient { BaseAddress = t.Server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };

        // Act
        var call = () => client.GetAsync("/health/readiness", TestContext.Current.CancellationToken);
        await Should.ThrowAsync<TaskCanceledException>(call);
        using var next = await t.GetAsync("/health/readiness");

        // Assert
        next.StatusCode.ShouldBe(HttpStatusCode.OK);
        await WaitUntilAsync(() => t.Server.Journal.Entries.Count == 2);
        t.Server.Journal.Entries[0].Status.ShouldBe(0);
        t.Server.Journal.Entries[0].Fault.ShouldBe("Stall");
    }

    [Fact]
    public async Task SkipAndTimes_BoundWhichRequestsAreHit()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Faults.Add(new FaultRule { PathPrefix = "/health", Skip = 2, Times = 2, Status = 502 });
        var statuses = new List<int>();

        // Act
        for (var i = 0; i < 6; i++)
        {
            using var response = await t.GetAsync("/health/readiness");
            statuses.Add((int)response.StatusCode);
        }

        // Assert
        statuses.ShouldBe([200, 200, 502, 502, 200, 200]);
        t.Server.Faults.InjectedCount.ShouldBe(2);
    }

    [Fact]
    public async Task Probability_IsDeterministicForASeed()
    {
        // Arrange
        async Task<List<int>> RunAsync(int seed)
        {
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { FaultSeed = seed });
            t.Server!.Faults.Add(new FaultRule { Probability = 0.5, Status = 500 });
            var statuses = new List<int>();
            for (var i = 0; i < 24; i++)
            {
                using var response = await t.GetAsync("/health/readiness");
                statuses.Add((int)response.StatusCode);
            }

            return statuses;
        }

        // Act
        var first = await RunAsync(42);
        var again = await RunAsync(42);
        var other = await RunAsync(43);

        // Assert
        again.ShouldBe(first);
        other.ShouldNotBe(first);
        first.ShouldContain(500);
        first.ShouldContain(200);
    }

    [Fact]
    public async Task Clear_RemovesRulesAndResetsTheCount()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Faults.Add(new FaultRule());
        using (await t.GetAsync("/health/readiness"))
        {
        }

        // Act
        t.Server.Faults.Clear();
        using var response = await t.GetAsync("/health/readiness");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        t.Server.Faults.InjectedCount.ShouldBe(0);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        condition().ShouldBeTrue();
    }
}
