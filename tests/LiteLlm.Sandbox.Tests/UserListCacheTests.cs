using System.Text.Json;
using LiteLlm.Sandbox.Endpoints;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>
/// <c>/user/list</c> writes pages from rows cached per user and from the block indexes: the bytes, the
/// invalidation of a row (user, keys, teams) and the exact paging after deletes and adds.
/// </summary>
public sealed class UserListCacheTests
{
    private static async Task<JsonElement> RowAsync(ContractTarget t, string userId)
    {
        using var response = await t.GetAsync("/user/list?user_ids=" + userId + "&sort_by=user_id");
        return (await response.JsonAsync()).GetProperty("users").EnumerateArray().Single(u => u.Str("user_id") == userId).Clone();
    }

    [Fact]
    public void RowWriter_WritesTheBytesOfTheGenericSerializer()
    {
        // Arrange
        var store = new SandboxStore();
        var at = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var users = new List<SandboxUser>
        {
            store.AddUser(new SandboxUserSeed { UserId = "plain", KeyCount = 0, CreatedAt = at }),
            store.AddUser(new SandboxUserSeed
            {
                UserId = "full \"quoted\" ü",
                UserEmail = "Ünïcode+<tag>@example.com",
                UserAlias = "O'Brien `x` \\ /",
                UserRole = null,
                MaxBudget = 0.1,
                Spend = 1e20,
                BudgetDuration = "30d",
                Models = ["gpt-4o", "claude"],
                Teams = ["t1", "t2"],
                SsoUserId = "sso-1",
                TpmLimit = long.MaxValue,
                RpmLimit = 0,
                Metadata = new Dictionary<string, object?> { ["nested"] = new Dictionary<string, object?> { ["a"] = new[] { 1, 2 }, ["b"] = null, ["c"] = 1.5 }, ["s"] = "é\n\t" },
                CreatedAt = at.AddTicks(1234560),
            }),
        };
        users.Add(users[1] with { Spend = 1e-5, MaxBudget = -0.0, BudgetResetAt = at.AddDays(1), UserEmail = null });

        // Act / Assert
        foreach (var user in users)
        {
            foreach (var keyCount in new[] { 0, 1, 1234 })
            {
                ListRowJson.Row(user, keyCount).ShouldBe(SandboxJson.Serialize(Shapes.ListUser(user, keyCount)));
            }
        }
    }

    [Fact]
    public void BulkSeeding_WritesEachRowAheadWithItsKeysAndTeams()
    {
        // Arrange
        var store = new SandboxStore();

        // Act
        var users = store.AddUsers(60, i => new SandboxUserSeed { UserId = $"s{i:00}", UserEmail = $"s{i}@example.com", KeyCount = i % 3, Teams = i % 2 == 0 ? ["even"] : null });

        // Assert
        foreach (var user in users)
        {
            var slot = store.Slot(user.UserId).ShouldNotBeNull();
            var expected = SandboxJson.Serialize(Shapes.ListUser(slot.User, store.KeysOf(user.UserId).Count));
            slot.ListRow.ShouldBe(expected);
            store.ListRowOf(slot).ShouldBe(expected);
        }
    }

    [Fact]
    public async Task CachedRow_FollowsKeysTeamsAndUpdates()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.CreateTeam("t1", "One");
        store.AddUser(new SandboxUserSeed { UserId = "cached", UserEmail = "cached@example.com", KeyCount = 1 });
        var before = await RowAsync(t, "cached");

        // Act: each change is followed by a read of the (by then cached) row.
        using (await t.PostAsync("/key/generate", new { user_id = "cached" }))
        {
        }

        var afterKey = await RowAsync(t, "cached");
        store.CreateKey("cached");
        var afterStoreKey = await RowAsync(t, "cached");
        using (await t.PostAsync("/team/member_add", new { team_id = "t1", member = new { role = "user", user_id = "cached" } }))
        {
        }

        var afterJoin = await RowAsync(t, "cached");
        using (await t.PostAsync("/user/update", new { user_id = "cached", user_alias = "Renamed" }))
        {
        }

        var afterUpdate = await RowAsync(t, "cached");
        using (await t.PostAsync("/team/member_delete", new { team_id = "t1", user_id = "cached" }))
        {
        }

        var afterLeave = await RowAsync(t, "cached");

        // Assert
        before.GetProperty("key_count").GetInt32().ShouldBe(1);
        afterKey.GetProperty("key_count").GetInt32().ShouldBe(2);
        afterStoreKey.GetProperty("key_count").GetInt32().ShouldBe(3);
        afterJoin.GetProperty("teams").Strings().ShouldBe(["t1"]);
        afterUpdate.Str("user_alias").ShouldBe("Renamed");
        afterUpdate.GetProperty("teams").Strings().ShouldBe(["t1"]);
        afterLeave.GetProperty("teams").Strings().ShouldBeEmpty();
        afterLeave.Str("user_alias").ShouldBe("Renamed");
        afterLeave.GetProperty("key_count").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task CachedRow_LosesTheTeamAndTheTeamKeysOnMemberDelete()
    {
        // Arrange: "stay" is listed (so cached) with a personal key and a key of team t1.
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser(new SandboxUserSeed { UserId = "stay", Teams = ["t1"], KeyCount = 1 });
        store.CreateKey("stay", teamId: "t1");
        var before = await RowAsync(t, "stay");

        // Act
        using (await t.PostAsync("/team/member_delete", new { team_id = "t1", user_id = "stay" }))
        {
        }

        var after = await RowAsync(t, "stay");

        // Assert
        before.GetProperty("key_count").GetInt32().ShouldBe(2);
        before.GetProperty("teams").Strings().ShouldBe(["t1"]);
        after.GetProperty("key_count").GetInt32().ShouldBe(1);
        after.GetProperty("teams").Strings().ShouldBeEmpty();
    }

    [Fact]
    public async Task Paging_StaysExactAfterInterleavedDeletesAndAdds()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        var rng = new Random(11);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var created = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = 0;
        string NewId() => $"u{rng.Next():x8}-{next}";
        SandboxUserSeed Seed(string id)
        {
            created[id] = next;
            return new SandboxUserSeed { UserId = id, UserEmail = $"{id}@example.com", KeyCount = 0, CreatedAt = start.AddSeconds(next++) };
        }

        var seeds = Enumerable.Range(0, 3_000).Select(_ => Seed(NewId())).ToList();
        store.AddUsers(seeds.Count, i => seeds[i]);

        for (var round = 0; round < 12; round++)
        {
            // Act: delete a batch (legacy endpoint), add a few users, then read pages in both orders.
            var alive = created.Keys.ToList();
            var victims = Enumerable.Range(0, 40).Select(_ => alive[rng.Next(alive.Count)]).Distinct(StringComparer.Ordinal).ToList();
            using (var deleted = await t.PostAsync("/user/delete", new { user_ids = victims }))
            {
                deleted.EnsureSuccessStatusCode();
            }

            foreach (var id in victims)
            {
                created.Remove(id);
            }

            for (var a = 0; a < 5; a++)
            {
                store.AddUser(Seed(NewId()));
            }

            var byId = created.Keys.Order(StringComparer.Ordinal).ToList();
            var newestFirst = created.OrderByDescending(p => p.Value).Select(p => p.Key).ToList();
            var page = 1 + rng.Next((byId.Count / 100) + 1);
            using var idPage = await t.GetAsync($"/user/list?sort_by=user_id&page={page}&page_size=100");
            using var idPageDesc = await t.GetAsync($"/user/list?sort_by=user_id&sort_order=desc&page={page}&page_size=100");
            using var defaultPage = await t.GetAsync($"/user/list?page={page}&page_size=100");
            var ids = await idPage.JsonAsync();
            var idsDesc = await idPageDesc.JsonAsync();
            var newest = await defaultPage.JsonAsync();

            // Assert
            ids.GetProperty("total").GetInt32().ShouldBe(byId.Count);
            ids.UserIds().ShouldBe(byId.Skip((page - 1) * 100).Take(100).ToList());
            idsDesc.UserIds().ShouldBe(Enumerable.Reverse(byId).Skip((page - 1) * 100).Take(100).ToList());
            newest.UserIds().ShouldBe(newestFirst.Skip((page - 1) * 100).Take(100).ToList());
        }
    }
}
