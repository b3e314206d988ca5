using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>The safety net around `delete`: the backup, the audit log, and where the key comes from.</summary>
public class SafetyNetTests
{
    private const string BackupFolder = "litellm-users-backups";

    private static string[] BackupFiles(CliHarness h, string folder = BackupFolder) =>
        Directory.Exists(h.Path(folder)) ? Directory.GetFiles(h.Path(folder), "*.jsonl") : [];

    private static List<JsonElement> JsonLines(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static Dictionary<string, string?> With(CliHarness h, params (string Name, string? Value)[] variables)
    {
        var env = new Dictionary<string, string?>(h.Environment());
        foreach (var (name, value) in variables)
        {
            env[name] = value;
        }

        return env;
    }

    public abstract class Backup(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Backup("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Backup("current");

        [Fact]
        public async Task HoldsEveryDeletedUsersRowTeamsOrganisationsAndKeyMetadataButNoSecret()
        {
            // Arrange: a user with two teams (admin on one), an organisation role and a key with metadata.
            await using var h = await CliHarness.StartAsync();
            var userKey = Scenario.SeedAnn(h.Store);
            h.Store.AddUser("keep@example.com", "u-keep");
            h.WriteFile("in.csv", "email\nann@example.com\n");

            // Act
            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            // Assert: deleted, and the backup (its path printed) holds what the delete removed.
            run.ExitCode.ShouldBe(0, run.All);
            h.Store.FindUser("u-ann").ShouldBeNull();
            var file = BackupFiles(h).ShouldHaveSingleItem();
            run.Out.ShouldContain($"Backup of 1 user written to '{file}'");
            var record = JsonLines(file).ShouldHaveSingleItem();
            record.GetProperty("format").GetString().ShouldBe("litellm-users-backup/1");
            record.GetProperty("base_url").GetString().ShouldBe(h.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/'));
            var user = record.GetProperty("user");
            user.GetProperty("user_id").GetString().ShouldBe("u-ann");
            user.GetProperty("user_alias").GetString().ShouldBe("Ann A.");
            user.GetProperty("max_budget").GetDouble().ShouldBe(42.5);
            user.GetProperty("metadata").GetProperty("dept").GetString().ShouldBe("ops");
            user.GetProperty("model_max_budget").ValueKind.ShouldBe(JsonValueKind.Object); // an unknown field, kept
            record.GetProperty("teams").EnumerateArray().Select(t => (t.GetProperty("team_id").GetString(), t.GetProperty("role").GetString()))
                .ShouldBe([("team-ops", "admin"), ("team-dev", "user")], ignoreOrder: true);
            var org = record.GetProperty("organizations").EnumerateArray().ShouldHaveSingleItem();
            (org.GetProperty("organization_id").GetString(), org.GetProperty("user_role").GetString()).ShouldBe(("org-1", "org_admin"));
            var key = record.GetProperty("keys").EnumerateArray().ShouldHaveSingleItem();
            key.GetProperty("key_alias").GetString().ShouldBe("ann-laptop");
            key.TryGetProperty("token", out _).ShouldBeFalse();
            var text = File.ReadAllText(file);
            text.ShouldNotContain(userKey);
            text.ShouldNotContain(SandboxStore.HashToken(userKey));
            text.ShouldNotContain(CliHarness.Key);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.GetUnixFileMode(Path.GetDirectoryName(file)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        [Fact]
        public async Task CostsAFewListRequestsNotOnePerUser()
        {
            // Arrange: 60 users, each in a team and with two keys; 40 of them are deleted.
            await using var h = await CliHarness.StartAsync();
            h.Store.CreateTeam("team-a", "A");
            h.Store.AddUsers(60, i => new SandboxUserSeed { UserId = $"u-{i:00}", UserEmail = $"user{i:00}@example.com", Teams = ["team-a"], KeyCount = 2 });
            h.WriteFile("in.csv", "email\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"user{i:00}@example.com\n")));

            // Act
            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--batch-size", "10", "--max-delete", "100%");

            // Assert: 40 records from 1 team listing, 1 organisation listing and 2 key pages (120 keys);
            // the second team listing is the roster check after the deletes (see DeleteVerificationTests).
            run.ExitCode.ShouldBe(0, run.All);
            JsonLines(BackupFiles(h).ShouldHaveSingleItem()).Select(r => r.GetProperty("user").GetProperty("user_id").GetString()).Order()
                .ShouldBe(Enumerable.Range(0, 40).Select(i => $"u-{i:00}"));
            JsonLines(BackupFiles(h)[0]).ShouldAllBe(r => r.GetProperty("keys").GetArrayLength() == 2);
            var requests = h.Sandbox.Journal.Entries;
            requests.Count(e => e.Path == "/team/list").ShouldBe(2);
            requests.Count(e => e.Path == "/organization/list").ShouldBe(1);
            requests.Count(e => e.Path == "/key/list").ShouldBe(2);
            requests.Count(e => e.Path == "/user/info").ShouldBe(0);
        }

        [Fact]
        public async Task AFewDeletesOnABigProxyReadOnlyTheirOwnKeys()
        {
            // Arrange: 300 keys on the proxy (3 pages); 2 users to delete, one without keys.
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUsers(150, i => new SandboxUserSeed { UserId = $"u-{i:000}", UserEmail = $"user{i:000}@example.com", KeyCount = 2 });
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-nokey", UserEmail = "nokey@example.com", KeyCount = 0 });
            h.WriteFile("in.csv", "email\nuser007@example.com\nnokey@example.com\n");

            // Act
            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            // Assert: page 1 to learn the size, then one filtered listing for the user with keys.
            run.ExitCode.ShouldBe(0, run.All);
            var records = JsonLines(BackupFiles(h).ShouldHaveSingleItem());
            records.Single(r => r.GetProperty("user").GetProperty("user_id").GetString() == "u-007").GetProperty("keys").GetArrayLength().ShouldBe(2);
            records.Single(r => r.GetProperty("user").GetProperty("user_id").GetString() == "u-nokey").GetProperty("keys").GetArrayLength().ShouldBe(0);
            var keyLists = h.Sandbox.Journal.Entries.Where(e => e.Path == "/key/list").ToList();
            keyLists.Count.ShouldBe(2);
            keyLists.Count(e => e.QueryString.Contains("user_id=u-007")).ShouldBe(1);
        }

        [Fact]
        public async Task NoBackupTakesNoneAndSaysSo()
        {
            await using var h = await CliHarness.StartWithOneUserAsync();

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--no-backup");

            run.ExitCode.ShouldBe(0, run.All);
            h.Store.FindUser("u-a").ShouldBeNull();
            Directory.Exists(h.Path(BackupFolder)).ShouldBeFalse();
            run.Out.ShouldContain("No backup taken (--no-backup)");
            h.Sandbox.Journal.Entries.ShouldNotContain(e => e.Path == "/key/list" || e.Path == "/organization/list");
            h.Sandbox.Journal.Entries.Count(e => e.Path == "/team/list").ShouldBe(1); // the roster check after the deletes, not a backup
        }

        [Fact]
        public async Task BackupDirChoosesTheFolderAndIsCreatedOwnerOnly()
        {
            await using var h = await CliHarness.StartWithOneUserAsync();

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--backup-dir", "safe/backups");

            run.ExitCode.ShouldBe(0, run.All);
            var file = BackupFiles(h, "safe/backups").ShouldHaveSingleItem();
            run.Out.ShouldContain(file);
            Directory.Exists(h.Path(BackupFolder)).ShouldBeFalse();
            JsonLines(file).ShouldHaveSingleItem().GetProperty("user").GetProperty("user_id").GetString().ShouldBe("u-a");
        }

        [Fact]
        public async Task NoBackupWithBackupDirIsAUsageError()
        {
            await using var h = await CliHarness.StartAsync();
            h.WriteFile("in.csv", "email\na@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--no-backup", "--backup-dir", "x");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("--no-backup and --backup-dir contradict each other");
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
        }

        [Fact]
        public async Task AFolderThatCannotBeWrittenStopsTheRunBeforeAnyDelete()
        {
            await using var h = await CliHarness.StartWithOneUserAsync();
            h.WriteFile("not-a-folder", "a file where the backup folder should be");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--backup-dir", "not-a-folder");

            run.ExitCode.ShouldBe(3, run.All);
            // The reason names the backup and the path, not an "API error" of the proxy's; the fix names the options.
            run.Err.ShouldContain($"ERROR: Cannot write the backup: {h.Path("not-a-folder")}: ");
            run.Err.ShouldContain("Fix: make the folder writable, or choose another with --backup-dir");
            run.All.ShouldNotContain("API error");
            run.All.ShouldNotContain("..");
            h.Store.FindUser("u-a").ShouldNotBeNull();
            h.Sandbox.Journal.Mutations.ShouldBeEmpty();
            h.Read("user_del_error.csv").ShouldContain("a@example.com,u-a,Cannot write the backup: ");
        }

        [Fact]
        public async Task ADryRunReadsNothingForTheBackupAndWritesNoFile()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-a", UserEmail = "a@example.com", Teams = ["team-a"] });
            h.WriteFile("in.csv", "email\na@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run");

            run.ExitCode.ShouldBe(0, run.All);
            h.Sandbox.Journal.Entries.ShouldNotContain(e => e.Path == "/key/list" || e.Path == "/team/list" || e.Path == "/organization/list");
            Directory.GetFileSystemEntries(h.Directory).Select(Path.GetFileName).ShouldBe(["in.csv"]);
        }
    }

    public abstract class Audit(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Audit("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Audit("current");

        [Fact]
        public async Task AddIsAuditedAndLiteLlmIsToldWhoDidIt()
        {
            await using var h = await CliHarness.StartAsync();
            h.WriteFile("in.csv", "email,role\nnew@example.com,internal_user\n");

            var run = await h.RunAsync("add", "--csv-file", "in.csv", "--changed-by", "bob@ops");

            run.ExitCode.ShouldBe(0, run.All);
            var created = h.Store.Users.Single(u => u.UserEmail == "new@example.com");
            var line = JsonLines(h.Path("litellm-users-audit.jsonl")).Single();
            line.GetProperty("action").GetString().ShouldBe("create");
            line.GetProperty("user_id").GetString().ShouldBe(created.UserId);
            line.GetProperty("operator").GetString().ShouldBe("bob@ops");
            h.Sandbox.Journal.Entries.Where(e => e.Method == "POST").ShouldAllBe(e => e.Headers.Any(p => p.Key.Equals("litellm-changed-by", StringComparison.OrdinalIgnoreCase) && p.Value == "bob@ops"));
        }

        [Fact]
        public async Task HasOneLinePerChangeAndLiteLlmIsToldWhoDidIt()
        {
            // Arrange
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.Store.AddUser("b@example.com", "u-b");
            h.WriteFile("in.csv", "email\na@example.com\nb@example.com\nghost@example.com\n");

            // Act
            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--changed-by", "alice@ops", "--batch-size", "1");

            // Assert: one line per user deleted (the unknown email changed nothing), with every field.
            run.ExitCode.ShouldBe(2, run.All);
            var lines = JsonLines(h.Path("litellm-users-audit.jsonl"));
            lines.Count.ShouldBe(2);
            lines.Select(l => (l.GetProperty("user_id").GetString(), l.GetProperty("email").GetString())).ShouldBe([("u-a", "a@example.com"), ("u-b", "b@example.com")], ignoreOrder: true);
            foreach (var line in lines)
            {
                line.GetProperty("operator").GetString().ShouldBe("alice@ops");
                line.GetProperty("base_url").GetString().ShouldBe(h.Sandbox.BaseAddress.AbsoluteUri.TrimEnd('/'));
                line.GetProperty("action").GetString().ShouldBe("delete");
                line.GetProperty("outcome").GetString().ShouldBe("Deleted");
                line.GetProperty("success").GetBoolean().ShouldBeTrue();
                line.GetProperty("time").GetDateTimeOffset().Offset.ShouldBe(TimeSpan.Zero);
            }

            run.Out.ShouldContain($"Audit log: 2 changes appended to '{h.Path("litellm-users-audit.jsonl")}'");
            var deletes = h.Sandbox.Journal.Entries.Where(e => e.Method == "POST" && e.Path == DeletePath).ToList();
            deletes.Count.ShouldBe(2);
            deletes.ShouldAllBe(e => e.Headers["litellm-changed-by"] == "alice@ops");
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(h.Path("litellm-users-audit.jsonl")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        [Fact]
        public async Task TheOperatorDefaultsToTheOsUserAndTheLogIsAppendedToAtAnyPath()
        {
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("a@example.com", "u-a");
            h.Store.AddUser("b@example.com", "u-b");
            h.WriteFile("one.csv", "email\na@example.com\n");
            h.WriteFile("two.csv", "email\nb@example.com\n");
            var env = With(h, ("USER", "bob"));

            var first = await h.RunAsync(env, CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "one.csv", "--audit-log", "logs/audit.jsonl");
            var second = await h.RunAsync(env, CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "two.csv", "--audit-log", "logs/audit.jsonl");

            first.ExitCode.ShouldBe(0, first.All);
            second.ExitCode.ShouldBe(0, second.All);
            var lines = JsonLines(h.Path("logs/audit.jsonl"));
            lines.Select(l => l.GetProperty("user_id").GetString()).ShouldBe(["u-a", "u-b"]);
            lines.ShouldAllBe(l => l.GetProperty("operator").GetString() == "bob");
            h.Sandbox.Journal.Entries.Where(e => e.Method == "POST" && e.Path == DeletePath).ShouldAllBe(e => e.Headers["litellm-changed-by"] == "bob");
            h.Exists("litellm-users-audit.jsonl").ShouldBeFalse();
        }

        [Fact]
        public async Task AFailedDeleteIsAuditedWithItsReason()
        {
            await using var h = await CliHarness.StartWithOneUserAsync();
            h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/delete", Kind = FaultKind.Status, Status = 400, Body = """{"detail":{"error":"nope"}}""" });

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--delete-endpoint", "legacy");

            run.ExitCode.ShouldBe(2, run.All);
            var line = JsonLines(h.Path("litellm-users-audit.jsonl")).ShouldHaveSingleItem();
            line.GetProperty("success").GetBoolean().ShouldBeFalse();
            line.GetProperty("outcome").GetString()!.ShouldStartWith("Bad request: HTTP 400");
        }
    }

    public abstract class Secrets(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : Secrets("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : Secrets("current");

        [Fact]
        public async Task TheKeyIsInNoFileTheRunWroteNorInItsOutput()
        {
            // Arrange: a recognisable key, and a run that writes every kind of file.
            const string secret = "sk-RECOGNISABLE-master-0123456789";
            await using var h = await CliHarness.StartAsync(o => o.MasterKey = secret);
            h.Store.CreateTeam("team-a");
            h.Store.AddUser(new SandboxUserSeed { UserId = "u-a", UserEmail = "a@example.com", Teams = ["team-a"], Metadata = new Dictionary<string, object?> { ["note"] = "x" } });
            h.WriteFile("in.csv", "email\na@example.com\nghost@example.com\n");

            // Act: a reviewed plan, then the run that applies it.
            var env = With(h, ("LITELLM_MASTER_KEY", secret));
            var plan = await h.RunAsync(env, CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--dry-run", "--plan-out", "plan.json", "--debug");
            var run = await h.RunAsync(env, CancellationToken.None, CancellationToken.None, "delete", "--plan", "plan.json", "--debug", "--summary-json", "summary.json");

            // Assert
            plan.ExitCode.ShouldBe(2, plan.All);
            run.ExitCode.ShouldBe(2, run.All);
            h.Store.FindUser("u-a").ShouldBeNull();
            var written = Directory.GetFiles(h.Directory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("in.csv", StringComparison.Ordinal)).ToList();
            written.Where(f => !f.Contains(BackupFolder, StringComparison.Ordinal)).Select(Path.GetFileName)
                .ShouldBe(["litellm-users-audit.jsonl", "plan.json", "summary.json", "user_del_error.csv", "user_del_result.csv"], ignoreOrder: true);
            BackupFiles(h).ShouldHaveSingleItem();
            foreach (var file in written)
            {
                File.ReadAllText(file).ShouldNotContain("RECOGNISABLE", customMessage: file);
            }

            (plan.All + run.All).ShouldNotContain("RECOGNISABLE");
        }

        [Fact]
        public async Task CsvOutputsNeutraliseCellsASpreadsheetWouldRun()
        {
            // Arrange: emails that start like formulas, deleted and not found.
            await using var h = await CliHarness.StartAsync();
            h.Store.AddUser("=1+1@example.com", "u-eq");
            h.Store.AddUser("@sum@example.com", "u-at");
            h.WriteFile("in.csv", "email\n=1+1@example.com\n@sum@example.com\n+cmd@example.com\n-cmd@example.com\n");

            // Act
            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            // Assert: every such cell is prefixed with ' (and quoted) in both files.
            run.ExitCode.ShouldBe(2, run.All);
            h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\n\"'=1+1@example.com\",u-eq,Deleted\r\n\"'@sum@example.com\",u-at,Deleted\r\n");
            h.Read("user_del_error.csv").ShouldBe(
                "email,user_id,error_reason\r\n\"'+cmd@example.com\",,User not found in the system\r\n\"'-cmd@example.com\",,User not found in the system\r\n");
        }
    }

    public abstract class KeySources(string profile) : ProfiledTests(profile)
    {
        /// <summary>Against the legacy profile (a LiteLLM release before 2025-07).</summary>
        public sealed class Legacy() : KeySources("legacy");

        /// <summary>Against the current profile (newest main, with the v1 bulk routes).</summary>
        public sealed class Current() : KeySources("current");

        [Fact]
        public async Task ReadsKeyAndBaseUrlFromDotEnvInTheCurrentFolder()
        {
            await using var h = await CliHarness.StartWithOneUserAsync();
            h.WriteFile(".env", $"# as the original scripts' .env.example\nLITELLM_BASE_URL={h.Sandbox.BaseAddress}\nLITELLM_MASTER_KEY=\"{CliHarness.Key}\"\n");

            var run = await h.RunAsync(new Dictionary<string, string?>(), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--debug");

            run.ExitCode.ShouldBe(0, run.All);
            h.Store.FindUser("u-a").ShouldBeNull();
            run.Err.ShouldContain("master key from LITELLM_MASTER_KEY in ");
            run.All.ShouldNotContain(CliHarness.Key);
        }

        [Fact]
        public async Task TheEnvironmentWinsOverDotEnv()
        {
            await using var h = await CliHarness.StartWithOneUserAsync();
            h.WriteFile(".env", "LITELLM_BASE_URL=http://127.0.0.1:9\nLITELLM_MASTER_KEY=sk-wrong-key-from-dotenv\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv");

            run.ExitCode.ShouldBe(0, run.All);
            h.Store.FindUser("u-a").ShouldBeNull();
        }

        [Fact]
        public async Task AKeyFileWinsOverTheEnvironmentAndIsTrimmed()
        {
            await using var h = await CliHarness.StartWithOneUserAsync();
            h.WriteFile("key.txt", CliHarness.Key + "\n");

            var run = await h.RunAsync(With(h, ("LITELLM_MASTER_KEY", "sk-wrong-env-key")), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--master-key-file", "key.txt", "--debug");

            run.ExitCode.ShouldBe(0, run.All);
            run.Err.ShouldContain("master key from --master-key-file key.txt");
            run.All.ShouldNotContain(CliHarness.Key);
        }

        [Fact]
        public async Task MasterKeyWinsOverEverythingButNotTogetherWithAKeyFile()
        {
            await using var h = await CliHarness.StartWithOneUserAsync();
            h.WriteFile(".env", "LITELLM_MASTER_KEY=sk-wrong-key-from-dotenv\n");
            h.WriteFile("key.txt", "sk-wrong-key-from-file\n");
            var env = With(h, ("LITELLM_MASTER_KEY", "sk-wrong-env-key"));

            var both = await h.RunAsync(env, CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--master-key", CliHarness.Key, "--master-key-file", "key.txt");
            var option = await h.RunAsync(env, CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--master-key", CliHarness.Key);

            both.ExitCode.ShouldBe(1, both.All);
            both.Err.ShouldContain("--master-key or --master-key-file, not both");
            option.ExitCode.ShouldBe(0, option.All);
            h.Store.FindUser("u-a").ShouldBeNull();
            (both.All + option.All).ShouldNotContain(CliHarness.Key);
        }

        [Fact]
        public async Task AMissingKeyFileIsExitOneAndNoRequest()
        {
            await using var h = await CliHarness.StartAsync();
            h.WriteFile("in.csv", "email\na@example.com\n");

            var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--master-key-file", "nope.txt");

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("--master-key-file 'nope.txt' cannot be read");
            h.Sandbox.Journal.Entries.ShouldBeEmpty();
        }

        [Theory]
        [InlineData("dotenv")]
        [InlineData("file")]
        public async Task AKeyFromAFileIsHiddenEvenInUsageErrors(string source)
        {
            // A usage error echoes the unknown token; the key must not survive it, whatever its source.
            await using var h = await CliHarness.StartAsync();
            const string secret = "sk-from-a-file-55aa";
            if (source == "dotenv")
            {
                h.WriteFile(".env", $"LITELLM_MASTER_KEY={secret}\n");
            }
            else
            {
                h.WriteFile("key.txt", secret + "\n");
            }

            string[] args = source == "file" ? ["delete", "--master-key-file", "key.txt", secret] : ["delete", secret];

            var run = await h.RunAsync(new Dictionary<string, string?>(), CancellationToken.None, CancellationToken.None, args);

            run.ExitCode.ShouldBe(1, run.All);
            run.Err.ShouldContain("sk-...[redacted]");
            run.All.ShouldNotContain(secret);
        }

        [Fact]
        public async Task PlainHttpToAnotherHostIsWarnedAboutOnStderr()
        {
            // 0.0.0.0 is not a loopback name, yet connecting to it stays on this machine; the port is closed.
            await using var h = await CliHarness.StartAsync();
            var port = CliHarness.ClosedPort();
            h.WriteFile("in.csv", "email\na@example.com\n");

            var remote = await h.RunAsync(h.Environment(baseUrl: $"http://0.0.0.0:{port}"), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--retries", "0", "--dry-run");
            var local = await h.RunAsync("delete", "--csv-file", "in.csv", "--dry-run");

            remote.Err.ShouldContain("warning: the master key is sent over plain http to 0.0.0.0");
            remote.Out.ShouldNotContain("plain http");
            local.Err.ShouldNotContain("plain http");
        }
    }
}
