using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Testing;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>Issue 11, items 1 and 2: disable and enable against the sandbox, and the exact state in between.</summary>
public class DisableEnableTests
{
    /// <summary>u-ann (internal_user, metadata {"dept":"ops"}) with two open keys and one blocked before anything; returns the secrets.</summary>
    internal static async Task<(string Open1, string Open2, string BlockedBefore)> SeedAnnAsync(CliHarness h)
    {
        h.Store.AddUser(new SandboxUserSeed
        {
            UserId = "u-ann",
            UserEmail = "ann@example.com",
            UserRole = "internal_user",
            MaxBudget = 10,
            Metadata = new Dictionary<string, object?> { ["dept"] = "ops", ["nested"] = new Dictionary<string, object?> { ["cost_centre"] = 12 } },
            KeyCount = 0,
        });
        var open1 = h.Store.CreateKey("u-ann", "laptop");
        var open2 = h.Store.CreateKey("u-ann", "ci");
        var blocked = h.Store.CreateKey("u-ann", "old");
        await BlockAsync(h, blocked, block: true);
        return (open1, open2, blocked);
    }

    internal static async Task BlockAsync(CliHarness h, string secret, bool block)
    {
        using var http = h.Sandbox.CreateClient();
        using var answer = await http.PostAsJsonAsync(block ? "/key/block" : "/key/unblock", new Dictionary<string, string> { ["key"] = secret }, TestContext.Current.CancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    /// <summary>What LiteLLM answers a call made with the key (401 when blocked).</summary>
    internal static async Task<HttpStatusCode> CallWithAsync(CliHarness h, string secret)
    {
        using var http = h.Sandbox.CreateClient(secret);
        using var answer = await http.GetAsync("/key/info", TestContext.Current.CancellationToken);
        return answer.StatusCode;
    }

    internal static bool IsBlocked(CliHarness h, string secret) => h.Store.Keys.Single(k => k.Token == SandboxStore.HashToken(secret)).Blocked == true;

    internal static JsonElement Metadata(CliHarness h, string userId) => h.Store.FindUser(userId)!.Metadata;

    [Fact]
    public async Task DisableThenEnableRestoresRoleMetadataAndKeysExactlyAndKeysBlockedBeforeStayBlocked()
    {
        // Arrange
        await using var h = await CliHarness.StartAsync();
        var (open1, open2, blockedBefore) = await SeedAnnAsync(h);
        var metadataBefore = Metadata(h, "u-ann").GetRawText();
        h.WriteFile("leavers.csv", "email\nAnn@Example.com\n");
        (await CallWithAsync(h, open1)).ShouldBe(HttpStatusCode.OK);

        // Act 1: disable
        var disable = await h.RunAsync("disable", "--csv-file", "leavers.csv", "--changed-by", "alice");

        // Assert 1: keys blocked, role viewer, record written, other metadata kept
        disable.ExitCode.ShouldBe(0, disable.All);
        h.Read("user_disable_result.csv").ShouldBe("email,user_id,status\r\nAnn@Example.com,u-ann,Disabled\r\n");
        h.Read("user_disable_error.csv").ShouldBe("email,user_id,error_reason\r\n");
        var ann = h.Store.FindUser("u-ann")!;
        ann.UserRole.ShouldBe("internal_user_viewer");
        ann.Metadata.GetProperty("dept").GetString().ShouldBe("ops");
        ann.Metadata.GetProperty("nested").GetProperty("cost_centre").GetInt32().ShouldBe(12);
        var record = ann.Metadata.GetProperty("litellm_users_disabled");
        record.GetProperty("by").GetString().ShouldBe("alice");
        record.GetProperty("role").GetString().ShouldBe("internal_user");
        DateTimeOffset.Parse(record.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        record.GetProperty("at").GetString().ShouldEndWith("Z");
        record.GetProperty("blocked_keys").EnumerateArray().Select(k => k.GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { SandboxStore.HashToken(open1), SandboxStore.HashToken(open2) }.Order(StringComparer.Ordinal));
        IsBlocked(h, open1).ShouldBeTrue();
        IsBlocked(h, open2).ShouldBeTrue();
        IsBlocked(h, blockedBefore).ShouldBeTrue();
        (await CallWithAsync(h, open1)).ShouldBe(HttpStatusCode.Unauthorized);
        var audit = h.Read("litellm-users-audit.jsonl");
        audit.ShouldContain("\"action\":\"disable\"");
        audit.ShouldContain("\"outcome\":\"Disabled (2 keys blocked)\"");
        audit.ShouldContain("\"operator\":\"alice\"");
        h.Sandbox.Journal.Entries.Where(e => e.Path == "/user/update").ShouldAllBe(e => e.Headers["litellm-changed-by"] == "alice");

        // Act 2: disable again
        h.Sandbox.Journal.Clear();
        var again = await h.RunAsync("disable", "--csv-file", "leavers.csv", "--changed-by", "bob");

        // Assert 2: nothing changed, the record keeps its first operator
        again.ExitCode.ShouldBe(0, again.All);
        h.Read("user_disable_result.csv").ShouldBe("email,user_id,status\r\nAnn@Example.com,u-ann,Disabled (already)\r\n");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        Metadata(h, "u-ann").GetProperty("litellm_users_disabled").GetProperty("by").GetString().ShouldBe("alice");

        // Act 3: enable
        h.WriteFile("returners.csv", "email\nann@example.com\n");
        var enable = await h.RunAsync("enable", "--csv-file", "returners.csv", "--changed-by", "carol");

        // Assert 3: exactly the state before
        enable.ExitCode.ShouldBe(0, enable.All);
        h.Read("user_enable_result.csv").ShouldBe("email,user_id,status\r\nann@example.com,u-ann,Enabled\r\n");
        ann = h.Store.FindUser("u-ann")!;
        ann.UserRole.ShouldBe("internal_user");
        ann.MaxBudget.ShouldBe(10);
        ann.Metadata.GetRawText().ShouldBe(metadataBefore);
        IsBlocked(h, open1).ShouldBeFalse();
        IsBlocked(h, open2).ShouldBeFalse();
        IsBlocked(h, blockedBefore).ShouldBeTrue();
        (await CallWithAsync(h, open1)).ShouldBe(HttpStatusCode.OK);
        (await CallWithAsync(h, blockedBefore)).ShouldBe(HttpStatusCode.Unauthorized);
        h.Read("litellm-users-audit.jsonl").ShouldContain("\"outcome\":\"Enabled (2 keys unblocked)\"");

        // Act 4: enable again
        var enableAgain = await h.RunAsync("enable", "--csv-file", "returners.csv");

        // Assert 4: an error row, nothing changed
        enableAgain.ExitCode.ShouldBe(2, enableAgain.All);
        h.Read("user_enable_error.csv").ShouldBe("email,user_id,error_reason\r\nann@example.com,u-ann,Not disabled by litellm-users\r\n");
        Metadata(h, "u-ann").GetRawText().ShouldBe(metadataBefore);
    }

    [Fact]
    public async Task AUserWithEmptyMetadataGetsItBackAsTheRecordsTombstoneBecauseLiteLlmIgnoresAnEmptyObject()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser("bo@example.com", "u-bo");
        var key = h.Store.CreateKey("u-bo");
        h.WriteFile("in.csv", "email\nbo@example.com\n");

        (await h.RunAsync("disable", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);
        (await h.RunAsync("enable", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);

        var bo = h.Store.FindUser("u-bo")!;
        bo.UserRole.ShouldBe("internal_user");
        bo.Metadata.GetRawText().ShouldBe("{\"litellm_users_disabled\":null}");
        IsBlocked(h, key).ShouldBeFalse();

        // The tombstone reads as "not disabled": a second cycle works the same.
        (await h.RunAsync("disable", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);
        h.Store.FindUser("u-bo")!.Metadata.GetProperty("litellm_users_disabled").ValueKind.ShouldBe(JsonValueKind.Object);
        IsBlocked(h, key).ShouldBeTrue();
    }

    [Fact]
    public async Task AUserWithoutARoleGetsInternalUserBackWhichIsWhatLiteLlmTreatsNoRoleAs()
    {
        await using var h = await CliHarness.StartAsync();
        h.Store.AddUser(new SandboxUserSeed { UserId = "u-nr", UserEmail = "nr@example.com", UserRole = null, KeyCount = 0 });
        h.WriteFile("in.csv", "email\nnr@example.com\n");

        (await h.RunAsync("disable", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);
        var record = Metadata(h, "u-nr").GetProperty("litellm_users_disabled");
        record.GetProperty("role").ValueKind.ShouldBe(JsonValueKind.Null);
        record.GetProperty("blocked_keys").GetArrayLength().ShouldBe(0);
        (await h.RunAsync("enable", "--csv-file", "in.csv")).ExitCode.ShouldBe(0);

        h.Store.FindUser("u-nr")!.UserRole.ShouldBe("internal_user");
    }

    [Fact]
    public async Task DryRunCountsTheKeysItWouldBlockAndChangesNothing()
    {
        await using var h = await CliHarness.StartAsync();
        await SeedAnnAsync(h);
        h.Store.AddUser("gone@example.com", "u-gone");
        h.WriteFile("in.csv", "email\nann@example.com\nnobody@example.com\nann@example.com\n");
        h.Sandbox.Journal.Clear();

        var run = await h.RunAsync("disable", "--csv-file", "in.csv", "--dry-run");

        run.ExitCode.ShouldBe(2, run.All);
        run.Out.ShouldContain("line 2: ann@example.com -> would disable u-ann (role internal_user -> internal_user_viewer; 2 keys to block)");
        run.Out.ShouldContain("line 3: nobody@example.com -> would not disable: User not found in the system");
        run.Out.ShouldContain("line 4: ann@example.com -> would not disable: Duplicate email in CSV (first on line 2)");
        h.Sandbox.Journal.Mutations.ShouldBeEmpty();
        h.Exists("user_disable_result.csv").ShouldBeFalse();
    }
}
