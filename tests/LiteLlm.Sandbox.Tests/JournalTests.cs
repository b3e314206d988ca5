using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

public sealed class JournalTests
{
    [Fact]
    public async Task Entries_RecordRequestsInArrivalOrderWithPathQueryAndBody()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using (await t.GetAsync("/user/list?page=2&page_size=10"))
        {
        }

        using (await t.PostAsync("/user/new", new { user_id = "j1" }))
        {
        }

        // Assert
        var entries = t.Server!.Journal.Entries;
        entries.Select(e => e.Sequence).ShouldBe([1L, 2L]);
        entries[0].Method.ShouldBe("GET");
        entries[0].Path.ShouldBe("/user/list");
        entries[0].QueryString.ShouldBe("?page=2&page_size=10");
        entries[0].Status.ShouldBe(200);
        entries[0].Committed.ShouldBeFalse();
        entries[1].Body.ShouldBe("{\"user_id\":\"j1\"}");
        entries[1].Committed.ShouldBeTrue();
    }

    [Fact]
    public async Task Entries_HoldARequestByTheTimeItsAnswerArrives()
    {
        // Arrange: the entry used to be added after the answer was written, so a fast client could
        // look at the journal before its own request was in it.
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        for (var i = 1; i <= 30; i++)
        {
            // Act
            using (await t.GetAsync("/user/list?page_size=1"))
            {
            }

            // Assert
            t.Server!.Journal.Entries.Count.ShouldBe(i);
        }
    }

    [Fact]
    public async Task Headers_KeepNamesButNeverTheSecret()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using (await t.GetAsync("/user/list"))
        {
        }

        using (await t.SendAsync(HttpMethod.Get, "/user/list", key: "", configure: r => r.Headers.Add("x-litellm-api-key", t.MasterKey)))
        {
        }

        // Assert
        var entries = t.Server!.Journal.Entries;
        entries[0].Headers["Authorization"].ShouldBe("Bearer sk-…(redacted)");
        entries[1].Headers["x-litellm-api-key"].ShouldBe("sk-…(redacted)");
        entries.ShouldAllBe(e => !e.Headers.Values.Any(v => v.Contains(t.MasterKey)));
    }

    [Fact]
    public async Task MutationsAndCountByRoute_SummariseTheTraffic()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser("m@example.com", "m");

        // Act
        using (await t.GetAsync("/user/list"))
        {
        }

        using (await t.GetAsync("/user/list"))
        {
        }

        using (await t.PostAsync("/user/delete", new { user_ids = new[] { "m" } }))
        {
        }

        using (await t.PostAsync("/user/delete", new { user_ids = new[] { "unknown" } }))
        {
        }

        // Assert
        var journal = t.Server.Journal;
        journal.Mutations.Count.ShouldBe(2);
        journal.Mutations.Count(e => e.Committed).ShouldBe(1);
        journal.CountByRoute()["GET /user/list"].ShouldBe(2);
        journal.CountByRoute()["POST /user/delete"].ShouldBe(2);
    }

    [Fact]
    public async Task Clear_EmptiesTheJournal()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        using (await t.GetAsync("/health/readiness"))
        {
        }

        // Act
        t.Server!.Journal.Clear();

        // Assert
        t.Server.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Log_ReceivesOneLinePerRequestWithoutSecrets()
    {
        // Arrange
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { Log = lines.Enqueue });

        // Act
        using (await t.GetAsync("/user/list?page=1"))
        {
        }

        // Assert
        lines.ShouldHaveSingleItem().ShouldContain("GET /user/list?page=1 -> 200");
        lines.ShouldAllBe(l => !l.Contains(t.MasterKey));
    }
}
