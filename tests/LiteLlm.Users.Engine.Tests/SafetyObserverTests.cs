using System.Text.Json;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Sandbox;
using LiteLlm.Users.Engine.Verbs.Restore;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>The backup and audit observers on their own, against the sandbox.</summary>
public sealed class SafetyObserverTests : IAsyncDisposable
{
    private const string Key = "sk-engine-tests-1f2e3d";
    private readonly string _folder = Directory.CreateTempSubdirectory("litellm-users-safety-").FullName;
    private SandboxServer? _sandbox;
    private LiteLlmAdminClient? _client;

    private async Task<(SandboxServer Sandbox, LiteLlmAdminClient Client)> StartAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { MasterKey = Key }, TestContext.Current.CancellationToken);
        _client = new LiteLlmAdminClient(_sandbox.BaseAddress, Key);
        return (_sandbox, _client);
    }

    private async Task<IReadOnlyList<LiteLlmUser>> UsersAsync(params string[] ids) =>
        await _client!.Users.GetUsersAsync(new UserQuery { UserIds = ids }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ARetriedBatchIsBackedUpOnceAndOtherKindsOfChangeNotAtAll()
    {
        // Arrange
        var (sandbox, client) = await StartAsync();
        sandbox.Store.AddUser("a@example.com", "u-a");
        sandbox.Store.AddUser("b@example.com", "u-b");
        var users = await UsersAsync("u-a", "u-b");
        using var backup = new UserBackup(client, new UserBackupOptions { Folder = _folder, Operator = "tester" });
        var ct = TestContext.Current.CancellationToken;

        // Act: the same batch twice (a retry), then a subset, then a change that is not a delete.
        await backup.BeforeChangeAsync(ChangeKind.Delete, users, ct);
        await backup.BeforeChangeAsync(ChangeKind.Delete, users, ct);
        await backup.BeforeChangeAsync(ChangeKind.Delete, [users[1]], ct);
        await backup.BeforeChangeAsync(ChangeKind.Create, users, ct);

        // Assert: two lines, readable by the restore, and the listings were read once.
        backup.Count.ShouldBe(2);
        var entries = BackupFile.Read(backup.Path!);
        entries.Select(e => e.Record.User.UserId).ShouldBe(["u-a", "u-b"]);
        entries.ShouldAllBe(e => e.Record.Operator == "tester" && e.Record.Action == "delete");
        sandbox.Journal.Entries.Count(e => e.Path == "/organization/list").ShouldBe(1);
        sandbox.Journal.Entries.Count(e => e.Path == "/key/list").ShouldBe(1);
    }

    [Fact]
    public async Task AUserWhoseKeysChangedSinceItsRowWasReadIsListedOnItsOwn()
    {
        // Arrange: the row says one key; a second key appears before the backup is taken.
        var (sandbox, client) = await StartAsync();
        sandbox.Store.AddUser("a@example.com", "u-a");
        var users = await UsersAsync("u-a");
        sandbox.Store.CreateKey("u-a", "late-key");
        using var backup = new UserBackup(client, new UserBackupOptions { Folder = _folder });

        // Act
        await backup.BeforeChangeAsync(ChangeKind.Delete, users, TestContext.Current.CancellationToken);

        // Assert: the full listing (one page) disagreed with key_count, so the user was read again.
        var record = BackupFile.Read(backup.Path!).ShouldHaveSingleItem().Record;
        record.Keys.Select(k => k.KeyAlias).ShouldContain("late-key");
        record.Keys.Count.ShouldBe(2);
        sandbox.Journal.Entries.Where(e => e.Path == "/key/list").Select(e => e.QueryString.Contains("user_id=u-a", StringComparison.Ordinal)).ShouldBe([false, true]);
    }

    [Fact]
    public void TheAuditLogAppendsOneOwnerOnlyLinePerChangeAndHidesTheKey()
    {
        // Arrange
        var path = Path.Combine(_folder, "sub", "audit.jsonl");
        var time = new FixedTime(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using (var first = new AuditLog(path, "ops", new Uri("https://proxy.example.com/"), Admin.Security.SecretRedactor.For(Key), time))
        {
            first.AfterChange(new ChangeRecord(ChangeKind.Delete, "u-a", "a@example.com", true, "Deleted"));
        }

        using var second = new AuditLog(path, "ops", new Uri("https://proxy.example.com/"), Admin.Security.SecretRedactor.For(Key), time);

        // Act
        second.AfterChange(new ChangeRecord(ChangeKind.TeamAdd, "u-b", null, false, $"Unauthorized: the server echoed {Key}"));

        // Assert
        var lines = File.ReadAllLines(path);
        lines[0].ShouldBe("""{"time":"2026-01-02T03:04:05+00:00","operator":"ops","base_url":"https://proxy.example.com","action":"delete","user_id":"u-a","email":"a@example.com","success":true,"outcome":"Deleted"}""");
        var entry = JsonDocument.Parse(lines[1]).RootElement;
        entry.GetProperty("action").GetString().ShouldBe("team_add");
        entry.TryGetProperty("email", out _).ShouldBeFalse();
        lines[1].ShouldNotContain(Key);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void TheRestoreRequestCarriesEveryRestorableFieldAndNoKey()
    {
        var user = JsonSerializer.Deserialize<LiteLlmUser>(
            """{"UserId":"u-a","UserEmail":"a@example.com","UserRole":"internal_user","MaxBudget":5,"Spend":1.5,"SsoUserId":"s","Models":["m"],"TpmLimit":3,"RpmLimit":4,"BudgetDuration":"7d","UserAlias":"A"}""")!;
        user.AdditionalProperties = new Dictionary<string, JsonElement> { ["max_parallel_requests"] = JsonDocument.Parse("2").RootElement };

        var request = RestoreExecutor.ToCreateRequest(user);

        request.AutoCreateKey.ShouldBe(false);
        (request.UserId, request.UserEmail, request.UserRole, request.UserAlias, request.SsoUserId, request.BudgetDuration).ShouldBe(("u-a", "a@example.com", "internal_user", "A", "s", "7d"));
        (request.MaxBudget, request.Spend, request.TpmLimit, request.RpmLimit, request.MaxParallelRequests).ShouldBe((5.0, 1.5, 3L, 4L, 2L));
        request.Models.ShouldBe(["m"]);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
