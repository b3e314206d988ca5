using System.Net;
using System.Text.Json;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Contract §3.4 (<c>GET /user/list</c>).</summary>
public sealed class UserListTests
{
    private static async Task<JsonElement> ListAsync(ContractTarget t, string query)
    {
        using var response = await t.GetAsync("/user/list?" + query);
        var body = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.GetRawText());
        return body;
    }

    public sealed class Validation
    {
        [Theory]
        [InlineData(ContractTarget.Sandbox)]
        [InlineData(ContractTarget.RealProxy)]
        public async Task PageZero_Answers422LikeTheCapture(string target)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);

            // Act
            using var response = await t.GetAsync("/user/list?page=0");

            // Assert
            ((int)response.StatusCode).ShouldBe(Captures.Status("nodb-user_list_bad_page"));
            (await response.NodeAsync()).ShouldMatch(Captures.Body("nodb-user_list_bad_page"));
        }

        [Theory]
        [InlineData(ContractTarget.Sandbox)]
        [InlineData(ContractTarget.RealProxy)]
        public async Task PageSizeAbove100AndNonIntegers_Answer422(string target)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);

            // Act
            using var tooBig = await t.GetAsync("/user/list?page_size=101");
            using var notInt = await t.GetAsync("/user/list?page=abc&page_size=0");
            var big = (await tooBig.JsonAsync()).GetProperty("detail");
            var bad = (await notInt.JsonAsync()).GetProperty("detail");

            // Assert
            tooBig.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            big[0].Str("type").ShouldBe("less_than_equal");
            big[0].Str("msg").ShouldBe("Input should be less than or equal to 100");
            big[0].GetProperty("ctx").GetProperty("le").GetInt32().ShouldBe(100);
            bad.EnumerateArray().Select(e => e.Str("type")).ShouldBe(["int_parsing", "greater_than_equal"]);
        }

        [Theory]
        [InlineData(ContractTarget.Sandbox)]
        [InlineData(ContractTarget.RealProxy)]
        public async Task InvalidSortColumnOrOrder_Answers400Detail(string target)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);

            // Act
            using var column = await t.GetAsync("/user/list?sort_by=password");
            using var order = await t.GetAsync("/user/list?sort_by=user_id&sort_order=up");

            // Assert
            column.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await column.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe(
                "{\"detail\":{\"error\":\"Invalid sort column. Must be one of: user_id, user_email, created_at, spend, user_alias, user_role\"}}");
            (await order.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe(
                "{\"detail\":{\"error\":\"Invalid sort order. Must be 'asc' or 'desc'\"}}");
        }
    }

    public sealed class Filters
    {
        [Theory]
        [InlineData(ContractTarget.Sandbox)]
        [InlineData(ContractTarget.RealProxy)]
        public async Task UserEmail_IsACaseInsensitiveSubstringMatch(string target)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);
            var bob = await t.CreateUserAsync(new { user_email = "bob@" + t.Domain });
            var jimbob = await t.CreateUserAsync(new { user_email = "JimBob@" + t.Domain });
            await t.CreateUserAsync(new { user_email = "alice@" + t.Domain });

            // Act
            var body = await ListAsync(t, "user_email=BOB%40" + t.Domain + "&sort_by=user_id&page_size=100");

            // Assert
            body.UserIds().Order(StringComparer.Ordinal).ShouldBe(new[] { bob.Str("user_id"), jimbob.Str("user_id") }.Order(StringComparer.Ordinal));
            body.GetProperty("total").GetInt32().ShouldBe(2);
        }

        [Theory]
        [InlineData(ContractTarget.Sandbox)]
        [InlineData(ContractTarget.RealProxy)]
        public async Task UserIds_OneIsSubstringAndSeveralAreExact(string target)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);
            var a = t.Unique("ids-alpha");
            var b = t.Unique("ids-beta");
            await t.CreateUserAsync(new { user_id = a });
            await t.CreateUserAsync(new { user_id = b });

            // Act
            var single = await ListAsync(t, "user_ids=" + a[..^1].ToUpperInvariant());
            var several = await ListAsync(t, $"user_ids={a},{b[..^1]}");

            // Assert
            single.UserIds().ShouldContain(a);
            several.UserIds().ShouldBe([a]);
        }

        [Fact]
        public async Task EmptyUserEmail_ExcludesUsersWithoutEmail()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var store = t.Server!.Store;
            store.AddUser(new SandboxUserSeed { UserId = "with-email", UserEmail = "x@example.com" });
            store.AddUser(new SandboxUserSeed { UserId = "no-email" });

            // Act
            var body = await ListAsync(t, "user_email=");

            // Assert
            body.UserIds().ShouldBe(["with-email"]);
        }

        [Fact]
        public async Task RoleTeamAndEmail_AreAndedAndRoleIsExact()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var store = t.Server!.Store;
            store.AddUser(new SandboxUserSeed { UserId = "match", UserEmail = "m@corp.com", UserRole = "internal_user", Teams = ["red"] });
            store.AddUser(new SandboxUserSeed { UserId = "wrong-role", UserEmail = "w@corp.com", UserRole = "internal_user_viewer", Teams = ["red"] });
            store.AddUser(new SandboxUserSeed { UserId = "wrong-team", UserEmail = "t@corp.com", UserRole = "internal_user", Teams = ["blue"] });
            store.AddUser(new SandboxUserSeed { UserId = "wrong-mail", UserEmail = "m@home.com", UserRole = "internal_user", Teams = ["red"] });

            // Act
            var body = await ListAsync(t, "role=internal_user&team=red&user_email=corp");
            var partialRole = await ListAsync(t, "role=internal");

            // Assert
            body.UserIds().ShouldBe(["match"]);
            partialRole.GetProperty("total").GetInt32().ShouldBe(0);
        }

        [Fact]
        public async Task SharedAndCaseVariantEmails_AreAllListed()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var store = t.Server!.Store;
            store.AddUser("same@example.com", "one");
            store.AddUser("same@example.com", "two");
            store.AddUser("SAME@example.com", "three");

            // Act
            var body = await ListAsync(t, "user_email=same@example.com&sort_by=user_id");

            // Assert
            body.UserIds().ShouldBe(["one", "three", "two"]);
        }
    }

    public sealed class Paging
    {
        [Fact]
        public async Task Defaults_AreFirstPageOf25NewestFirst()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            t.Server!.Store.AddUsers(30, i => new SandboxUserSeed { UserId = $"u{i:00}", UserEmail = $"u{i}@example.com", CreatedAt = start.AddMinutes(i) });

            // Act
            var body = await ListAsync(t, string.Empty);

            // Assert
            body.GetProperty("page").GetInt32().ShouldBe(1);
            body.GetProperty("page_size").GetInt32().ShouldBe(25);
            body.GetProperty("total").GetInt32().ShouldBe(30);
            body.GetProperty("total_pages").GetInt32().ShouldBe(2);
            body.UserIds().First().ShouldBe("u29");
            body.UserIds().Last().ShouldBe("u05");
        }

        [Fact]
        public async Task PagePastTheEnd_IsEmptyAndEmptyResultHasZeroPages()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            t.Server!.Store.AddUsers(3, i => new SandboxUserSeed { UserId = $"p{i}" });

            // Act
            var past = await ListAsync(t, "page=5&page_size=2");
            var none = await ListAsync(t, "user_email=nobody");

            // Assert
            past.GetProperty("users").GetArrayLength().ShouldBe(0);
            past.GetProperty("total_pages").GetInt32().ShouldBe(2);
            none.GetProperty("total").GetInt32().ShouldBe(0);
            none.GetProperty("total_pages").GetInt32().ShouldBe(0);
        }

        [Fact]
        public async Task SortByUserId_PagesEveryUserExactlyOnce()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var sameInstant = DateTimeOffset.UtcNow;
            t.Server!.Store.AddUsers(250, i => new SandboxUserSeed { UserId = $"user-{(i * 7919) % 1000:000}", CreatedAt = sameInstant, KeyCount = 0 });
            var seen = new List<string>();

            // Act
            for (var page = 1; page <= 3; page++)
            {
                seen.AddRange((await ListAsync(t, $"sort_by=user_id&page_size=100&page={page}")).UserIds());
            }

            var descending = await ListAsync(t, "sort_by=user_id&sort_order=desc&page_size=1");

            // Assert
            seen.Count.ShouldBe(250);
            seen.ShouldBe(seen.Order(StringComparer.Ordinal).ToList());
            seen.Distinct().Count().ShouldBe(250);
            descending.UserIds().ShouldBe([seen[^1]]);
        }

        [Fact]
        public async Task OtherSortColumns_PutNullsLastAscending()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var store = t.Server!.Store;
            store.AddUser(new SandboxUserSeed { UserId = "n", UserEmail = null });
            store.AddUser(new SandboxUserSeed { UserId = "b", UserEmail = "b@x.com", Spend = 3 });
            store.AddUser(new SandboxUserSeed { UserId = "a", UserEmail = "a@x.com", Spend = 7 });

            // Act
            var byEmail = await ListAsync(t, "sort_by=user_email");
            var bySpend = await ListAsync(t, "sort_by=spend&sort_order=desc");

            // Assert
            byEmail.UserIds().ShouldBe(["a", "b", "n"]);
            bySpend.UserIds().ShouldBe(["a", "b", "n"]);
        }

        [Fact]
        public async Task Rows_CarryKeyCountAndTheContractFields()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var store = t.Server!.Store;
            store.AddUser(new SandboxUserSeed { UserId = "k", UserEmail = "k@x.com", KeyCount = 2 });
            store.CreateKey("k", "ui", "litellm-dashboard");

            // Act
            var user = (await ListAsync(t, string.Empty)).GetProperty("users")[0];

            // Assert
            user.GetProperty("key_count").GetInt32().ShouldBe(2);
            user.EnumerateObject().Select(p => p.Name).ShouldBe([
                "user_id", "max_budget", "spend", "model_max_budget", "model_spend", "user_email", "user_alias", "models",
                "tpm_limit", "rpm_limit", "user_role", "organization_memberships", "teams", "sso_user_id", "budget_duration",
                "budget_reset_at", "metadata", "created_at", "updated_at", "object_permission", "key_count"]);
        }

        [Fact]
        public async Task TwoHundredThousandUsers_PageBySortedIdAndFilterByEmail()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            t.Server!.Store.AddUsers(200_000, i => new SandboxUserSeed { UserId = $"bulk-{i:000000}", UserEmail = $"person{i}@big.example.com", KeyCount = 0 });

            // Act
            var middle = await ListAsync(t, "sort_by=user_id&page_size=100&page=1001");
            var filtered = await ListAsync(t, "sort_by=user_id&user_email=PERSON19999");

            // Assert
            middle.GetProperty("total").GetInt32().ShouldBe(200_000);
            middle.UserIds().First().ShouldBe("bulk-100000");
            filtered.GetProperty("total").GetInt32().ShouldBe(11);
        }
    }
}
