using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>
/// <c>/user/list</c> filters answered from indexes (the email search buffer, id lookups) give the pages a scan
/// of every user would give, through email changes, deletes and the buffer's compaction.
/// </summary>
public sealed class UserListFilterIndexTests
{
    private static UserSlot Slot(string email) => new(new SandboxUser { UserId = email, UserEmail = email }, 0);

    [Fact]
    public void EmailSearch_FindsExactlyTheEntriesThatContainTheNeedle()
    {
        // Arrange
        var index = new EmailSearchIndex();
        var ann = Slot("ann@x.org");
        var joann = Slot("JoAnn@x.org");
        var gone = Slot("ann@x.org.gone");
        var other = Slot("bob@y.net");
        var none = new UserSlot(new SandboxUser { UserId = "none" }, 0);
        foreach (var slot in new[] { ann, joann, gone, other, none })
        {
            index.Add(slot);
        }

        index.Remove(gone);

        // Act / Assert
        index.Search("ann@x.org").ShouldBe([ann, joann], ignoreOrder: true);
        index.Search("org").ShouldBe([ann, joann], ignoreOrder: true);
        index.Search("orgbob").ShouldBeEmpty();
        index.Search("g\0b").ShouldBeNull();
        index.Search(string.Empty).ShouldBeNull();
        index.Search("net").ShouldBe([other]);
        index.LiveCount.ShouldBe(3);
        none.EmailEntry.ShouldBe(-1);
    }

    [Fact]
    public async Task StoreClear_EmptiesEveryIndexAndTheSameUsersCanComeBack()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        SandboxUserSeed Seed(int i) => new() { UserId = $"c{i:000}", UserEmail = $"c{i}@clear.example", KeyCount = 0, Teams = ["t"] };
        store.AddUsers(300, Seed);

        // Act
        store.Clear();
        using var empty = await t.GetAsync("/user/list?user_email=clear.example&sort_by=user_id");
        store.AddUsers(2, Seed);
        using var back = await t.GetAsync("/user/list?user_email=clear.example&sort_by=user_id");
        using var page = await t.GetAsync("/user/list?sort_by=user_id&page=1&page_size=100");

        // Assert
        (await empty.JsonAsync()).GetProperty("total").GetInt32().ShouldBe(0);
        (await back.JsonAsync()).UserIds().ShouldBe(["c000", "c001"]);
        (await page.JsonAsync()).UserIds().ShouldBe(["c000", "c001"]);
        store.TeamMemberships.Select(m => m.UserId).ShouldBe(["c000", "c001"]);
    }

    [Fact]
    public async Task IndexedFilters_PageLikeAScanThroughChangesDeletesAndCompaction()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        var rng = new Random(5);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string[] names = ["ann", "joann", "bob", "bobby", "Ann", "zoë"];
        string[] domains = ["example.com", "Example.org", "ex.net"];
        var seeds = Enumerable.Range(0, 6_000).Select(i => new SandboxUserSeed
        {
            UserId = $"u{rng.Next():x8}-{i}",
            UserEmail = i % 50 == 0 ? null : $"{names[rng.Next(names.Length)]}.{rng.Next(300)}@{domains[rng.Next(domains.Length)]}",
            UserRole = i % 7 == 0 ? "proxy_admin" : "internal_user",
            KeyCount = 0,
            CreatedAt = start.AddSeconds(i),
        }).ToList();
        store.AddUsers(seeds.Count, i => seeds[i]);
        string[] needles = ["ann.1", "ANN.12@EXAMPLE", "bob", "zoë.7", "@ex.net", ".org", "nobody", "y.1"];
        var changes = 0;

        for (var round = 0; round < 8; round++)
        {
            // Act: change some emails, delete many users (the buffer compacts along the way), then query.
            var alive = store.Users.ToList();
            foreach (var user in alive.Where(_ => rng.Next(40) == 0))
            {
                using var updated = await t.PostAsync("/user/update", new { user_id = user.UserId, user_email = $"ann.{rng.Next(300)}.{++changes}@changed.io" });
                updated.EnsureSuccessStatusCode();
            }

            var victims = alive.Where(_ => rng.Next(3) == 0).Select(u => u.UserId).ToList();
            foreach (var chunk in victims.Chunk(500))
            {
                using var deleted = await t.PostAsync("/user/delete", new { user_ids = chunk });
                deleted.EnsureSuccessStatusCode();
            }

            var users = store.Users;
            var someIds = users.Where(_ => rng.Next(20) == 0).Select(u => u.UserId).Append("missing").Take(80).ToList();
            foreach (var (query, expected) in Cases(users, needles[round % needles.Length], someIds))
            {
                using var response = await t.GetAsync("/user/list?page_size=100&" + query);
                var body = await response.JsonAsync();

                // Assert
                body.GetProperty("total").GetInt32().ShouldBe(expected.Count, query);
                body.UserIds().ShouldBe(expected.Take(100).ToList(), query);
            }
        }
    }

    /// <summary>Queries with the answer a scan gives (first page of 100).</summary>
    private static IEnumerable<(string Query, List<string> Expected)> Cases(IReadOnlyList<SandboxUser> users, string needle, List<string> ids)
    {
        var lower = needle.ToLowerInvariant();
        var byEmail = users.Where(u => u.UserEmail is not null && u.UserEmail.ToLowerInvariant().Contains(lower, StringComparison.Ordinal)).ToList();
        var byIds = users.Where(u => ids.Contains(u.UserId)).ToList();
        var escaped = Uri.EscapeDataString(needle);
        var idList = string.Join(',', ids);

        yield return ($"user_email={escaped}&sort_by=user_id", Ids(byEmail.OrderBy(u => u.UserId, StringComparer.Ordinal)));
        yield return ($"user_email={escaped}&sort_by=user_id&sort_order=desc", Ids(byEmail.OrderByDescending(u => u.UserId, StringComparer.Ordinal)));
        yield return ($"user_email={escaped}", Ids(byEmail.OrderByDescending(u => u.CreatedAt)));
        yield return ($"user_email={escaped}&sort_by=created_at", Ids(byEmail.OrderBy(u => u.CreatedAt)));
        yield return ($"user_email={escaped}&sort_by=user_email&sort_order=desc", Ids(byEmail.OrderByDescending(u => u.UserEmail, StringComparer.Ordinal).ThenBy(u => u.UserId, StringComparer.Ordinal)));
        yield return ($"user_email={escaped}&role=proxy_admin&sort_by=user_id", Ids(byEmail.Where(u => u.UserRole == "proxy_admin").OrderBy(u => u.UserId, StringComparer.Ordinal)));
        yield return ($"user_ids={idList}&sort_by=user_id", Ids(byIds.OrderBy(u => u.UserId, StringComparer.Ordinal)));
        yield return ($"user_ids={idList}", Ids(byIds.OrderByDescending(u => u.CreatedAt)));
        yield return ($"user_ids={idList}&user_email={escaped}&sort_by=user_id", Ids(byIds.Intersect(byEmail).OrderBy(u => u.UserId, StringComparer.Ordinal)));
        yield return ($"user_ids={idList}&sort_by=user_email", Ids(byIds.OrderBy(u => u.UserEmail is null).ThenBy(u => u.UserEmail, StringComparer.Ordinal).ThenBy(u => u.UserId, StringComparer.Ordinal)));
    }

    private static List<string> Ids(IEnumerable<SandboxUser> users) => users.Select(u => u.UserId).ToList();
}
