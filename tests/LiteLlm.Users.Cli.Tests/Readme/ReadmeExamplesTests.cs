using System.Text;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Readme;

/// <summary>
/// Every command line in the README's <c>```bash</c> blocks runs, in order, against one sandbox and
/// one working folder: lines starting with <c>litellm-users</c> or <c>dotnet run --project
/// src/LiteLlm.Users.Cli --</c>, and the right side of a <c>→</c> line. New examples are picked up by
/// themselves. The sandbox is seeded from <c>samples/sandbox-users.json</c> (plus a team <c>Ops</c> and
/// <c>ann@example.com</c>); <c>x.csv</c> is the sample roster; another CSV a line names that does not
/// exist is made from the command's sample (delete's, with ann added, for delete, disable and enable);
/// <c>…</c> in a path matches the newest file an earlier line wrote (a backup). A line ending in
/// <c># readme-test: skip</c> is not run (say why next to it).
/// </summary>
public class ReadmeExamplesTests
{
    private const string SkipMarker = "# readme-test: skip";

    /// <summary>The repository root (the folder holding LiteLlmUsers.slnx).</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LiteLlmUsers.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The CLI command lines of the README's bash blocks, with their line numbers, as argument lists.</summary>
    public static IReadOnlyList<(int Line, string Text, string[] Args)> Examples(string readme)
    {
        var examples = new List<(int, string, string[])>();
        var inBash = false;
        var lines = readme.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBash = !inBash && line.StartsWith("```bash", StringComparison.Ordinal);
                continue;
            }

            if (!inBash || line.EndsWith(SkipMarker, StringComparison.Ordinal))
            {
                continue;
            }

            if (line.IndexOf('→', StringComparison.Ordinal) is var arrow and >= 0)
            {
                line = line[(arrow + 1)..].Trim();
            }

            var words = ShellWords(line);
            string[]? args = words switch
            {
                ["litellm-users", .. var rest] => rest,
                ["dotnet", "run", "--project", "src/LiteLlm.Users.Cli", "--", .. var rest] => rest,
                _ => null,
            };
            if (args is not null)
            {
                examples.Add((i + 1, line, args));
            }
        }

        return examples;
    }

    /// <summary>Splits a command line as a POSIX shell would (quotes, backslashes), up to a comment.</summary>
    public static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < line.Length)
                {
                    word.Append(line[++i]);
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    [Fact]
    public void TheParserFindsTheExamplesAndReadsQuotesLikeAShell()
    {
        ShellWords("litellm-users list --email-like \"@example.com\" --format json  # 4. check").ShouldBe(["litellm-users", "list", "--email-like", "@example.com", "--format", "json"]);
        ShellWords("a 'b c' d\\ e \"f\\\"g\"").ShouldBe(["a", "b c", "d e", "f\"g"]);
        var found = Examples("x\n```bash\nlitellm-users list  # c\npython a.py   →   litellm-users delete --dry-run\nlitellm-users sandbox # readme-test: skip\ncat f\n```\nlitellm-users not-in-a-block\n```csv\nlitellm-users no\n```\n");
        found.Select(e => e.Line).ShouldBe([3, 4]);
        found[1].Args.ShouldBe(["delete", "--dry-run"]);
    }

    [Fact]
    public async Task EveryCommandLineOfTheReadmeRunsAgainstTheSandbox()
    {
        // Arrange: one sandbox (the samples, a team Ops, ann) and one folder with the samples.
        var root = RepositoryRoot();
        var examples = Examples(await File.ReadAllTextAsync(Path.Combine(root, "README.md"), TestContext.Current.CancellationToken));
        examples.Count.ShouldBeGreaterThan(20);
        await using var h = await CliHarness.StartAsync();
        h.Store.LoadSeedFile(Path.Combine(root, "samples", "sandbox-users.json"));
        h.Store.CreateTeam("team-ops2", "Ops");
        h.Store.AddUser("ann@example.com", "u-ann");
        h.Store.AddTeamMember("team-ops2", "u-ann");
        CopyFolder(Path.Combine(root, "samples"), h.Path("samples"));

        // The "Coming from" lines give one x.csv to delete, add and sync: the sample roster, which each of them reads.
        h.WriteFile("x.csv", File.ReadAllText(h.Path("samples/user_list.csv")));

        // Act: each line in order.
        var failures = new List<string>();
        var restoredAnn = false;
        foreach (var (line, text, args) in examples)
        {
            var prepared = Prepare(h, args);
            var run = prepared[0] == "sandbox" ? await RunSandboxAsync(h, prepared) : await h.RunAsync(prepared);
            restoredAnn |= prepared[0] == "restore" && run.ExitCode == 0 && h.Store.FindUser("u-ann") is not null;
            // A guard refusing the run (exit 1, "ERROR: Refused: ...") is the tool working: the one x.csv of the
            // "Coming from" lines is a whole roster, which a delete of it rightly refuses. Anything else is not.
            var refused = run.ExitCode == 1 && run.Err.Contains("ERROR: Refused:", StringComparison.Ordinal) && !run.Err.Contains("--help", StringComparison.Ordinal);
            var error = run.Err.Contains("ERROR:", StringComparison.Ordinal) && !refused;
            if ((run.ExitCode is not (0 or 2) && !refused) || error || run.All.Contains(CliHarness.Key, StringComparison.Ordinal))
            {
                failures.Add($"README.md:{line}: {text}\n  ran: {string.Join(' ', prepared)}\n  exit {run.ExitCode}\n{run.All}");
            }
        }

        // Assert: every example ran (exit 0, 2 where the sample holds bad rows on purpose, or a guard's refusal), with no other error line.
        failures.ShouldBeEmpty(string.Join("\n\n", failures));
        restoredAnn.ShouldBeTrue("the README's restore line brings back ann, whom its delete line deleted");
    }

    /// <summary>Fills in what a line leaves to the reader: its input CSV, the backup it names with '…', a free port for a sandbox.</summary>
    private static string[] Prepare(CliHarness h, string[] args)
    {
        var prepared = args.ToArray();
        var command = prepared.FirstOrDefault();
        for (var i = 0; i < prepared.Length; i++)
        {
            if (prepared[i].Contains('…', StringComparison.Ordinal))
            {
                prepared[i] = Newest(h, prepared[i]);
            }
        }

        var csv = Array.IndexOf(prepared, "--csv-file") is var at and >= 0 && at + 1 < prepared.Length ? prepared[at + 1] : null;
        var (defaultFile, sample) = command switch
        {
            "delete" or "disable" => ("user_dellist.csv", "user_dellist.csv"),
            "enable" => ("user_enablelist.csv", "user_dellist.csv"),
            "add" => ("user_addlist.csv", "user_addlist.csv"),
            "sync" => ("user_list.csv", "user_list.csv"),
            _ => (null, null),
        };
        if (sample is not null && !h.Exists(csv ?? defaultFile!))
        {
            var text = File.ReadAllText(h.Path(Path.Combine("samples", sample)));
            h.WriteFile(csv ?? defaultFile!, sample == "user_dellist.csv" ? text.TrimEnd() + "\nann@example.com\n" : text);
        }

        if (command == "sandbox" && Array.IndexOf(prepared, "--port") is var port and >= 0)
        {
            prepared[port + 1] = "0";
        }

        return prepared;
    }

    /// <summary>The newest file matching a path with '…' as a wildcard.</summary>
    private static string Newest(CliHarness h, string pattern)
    {
        var folder = Path.GetDirectoryName(pattern) ?? string.Empty;
        var name = Path.GetFileName(pattern).Replace("…", "*", StringComparison.Ordinal);
        var found = Directory.Exists(h.Path(folder)) ? Directory.GetFiles(h.Path(folder), name).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() : null;
        return found is null ? pattern : Path.GetRelativePath(h.Directory, found);
    }

    /// <summary>'litellm-users sandbox' serves until Ctrl+C: stop it once it says it is listening.</summary>
    private static async Task<CliResult> RunSandboxAsync(CliHarness h, string[] args)
    {
        using var stop = new CancellationTokenSource();
        using var output = new StopWhenListening(stop);
        using var error = new StringWriter();
        var env = new CliEnvironment { Variables = h.Environment(), WorkingDirectory = h.Directory };
        var code = await CliApp.RunAsync(args, output, error, env, stop.Token, CancellationToken.None);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed class StopWhenListening(CancellationTokenSource stop) : StringWriter
    {
        public override void Write(string? value)
        {
            base.Write(value);
            if (ToString().Contains("listening on", StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }
    }
}
