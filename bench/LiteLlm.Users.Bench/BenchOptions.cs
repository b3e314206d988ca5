using System.Globalization;

namespace LiteLlm.Users.Bench;

/// <summary>One job to measure: this many users on the server, this many emails in the CSV.</summary>
/// <param name="Name">Label in the output.</param>
/// <param name="Users">U: users on the server.</param>
/// <param name="Emails">N: rows (distinct emails) in the CSV.</param>
/// <param name="MaxRatioToBound">Target on wall_s / lower_bound_s, or null when none applies.</param>
/// <param name="MaxPeakWorkingSetMb">Target on the CLI's peak working set, or null when none applies.</param>
/// <param name="DefaultRuns">Runs when --runs is not given.</param>
/// <param name="UnknownShare">Share of the CSV's rows that no server user has.</param>
/// <param name="AmbiguousShare">Share of the CSV's rows whose email two server users share.</param>
internal sealed record Scenario(string Name, int Users, int Emails, double? MaxRatioToBound, double? MaxPeakWorkingSetMb, int DefaultRuns = 3, double UnknownShare = Dataset.UnknownShare, double AmbiguousShare = Dataset.AmbiguousShare)
{
    /// <summary>Scenario A: is the tool near the least time any client could need?</summary>
    public static Scenario A { get; } = new("A", 50_000, 5_000, MaxRatioToBound: 1.5, MaxPeakWorkingSetMb: null);

    /// <summary>Scenario B: does memory stay small with a large server?</summary>
    public static Scenario B { get; } = new("B", 200_000, 20_000, MaxRatioToBound: null, MaxPeakWorkingSetMb: 200);

    /// <summary>
    /// Scenario M: does memory stay small with a huge CSV? 1,000,000 rows against 20,000 users: 99% of
    /// the rows are unknown to the server (a cheap set-up and few requests, so the CSV's size is what
    /// is measured), 9,500 users are deleted. One run by default (about a minute).
    /// </summary>
    public static Scenario M { get; } = new("M", 20_000, 1_000_000, MaxRatioToBound: null, MaxPeakWorkingSetMb: 300, DefaultRuns: 1, UnknownShare: 0.99, AmbiguousShare: 0.0005);
}

/// <summary>The command line of the benchmark.</summary>
internal sealed class BenchOptions
{
    private readonly List<string> _cliArgs = [];
    private readonly Dictionary<string, string> _cliEnvironment = new(StringComparer.Ordinal);

    public const string Usage =
        """
        Benchmark of 'litellm-users delete' against an in-process sandbox (S = 8 slots, 20 ms + 0.2 ms/item).

        Usage: dotnet run -c Release --project bench/LiteLlm.Users.Bench [-- options]

          --scenario a|b|m|both|all  Which scenarios (default all: A = 50,000 users / 5,000 emails, B = 200,000 / 20,000,
                                M = 20,000 / 1,000,000 rows, 99% unknown; both = A and B)
          --users U --emails N  Run one custom scenario instead
          --runs R              Runs per scenario; the median is reported with every run (default 3; M: 1)
          --seed S              Seed of the generated users and CSV (default 20250101)
          --concurrency C       The CLI's --concurrency (default 8, the server's slots)
          --management-v1       Let the sandbox expose /management/v1/users/bulk_delete (default: legacy /user/delete only)
          --cli PATH            litellm-users.dll to run (default: the one built with this project's configuration)
          --native PATH         Native executable to run as well (default: artifacts/native/<rid>/litellm-users if built)
          --no-native           Run the framework-dependent build only
          --cli-arg ARG         Pass ARG to 'litellm-users delete' too (repeatable), e.g. --cli-arg --debug
          --cli-env NAME=VALUE  Set an environment variable for the CLI process (repeatable), e.g. DOTNET_TieredPGO=0
          --keep DIR            Keep each run's files in DIR/<scenario>-run<R>/: CSV, result and error files,
                                summary.json and cli.log (every line the CLI printed, stamped with seconds since start)
          --output FILE         Also write the JSON to FILE
          --help                This text

        Prints one JSON document on stdout; progress goes to stderr.
        """;

    public IReadOnlyList<Scenario> Scenarios { get; private set; } = [Scenario.A, Scenario.B, Scenario.M];

    /// <summary>--runs, or null for each scenario's default.</summary>
    public int? Runs { get; private set; }

    public string? NativePath { get; private set; }

    public bool NoNative { get; private set; }

    public int Seed { get; private set; } = 20250101;

    public int Concurrency { get; private set; } = LatencyModel.Standard.Slots;

    public bool ManagementV1 { get; private set; }

    public string? CliPath { get; private set; }

    public string? OutputFile { get; private set; }

    public IReadOnlyList<string> CliArgs => _cliArgs;

    public IReadOnlyDictionary<string, string> CliEnvironment => _cliEnvironment;

    public string? KeepDirectory { get; private set; }

    public bool Help { get; private set; }

    /// <exception cref="ArgumentException">An option is unknown or its value is invalid.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        int? users = null;
        int? emails = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Positive() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{name} needs a positive whole number.");

            switch (name)
            {
                case "--scenario":
                    options.Scenarios = Value().ToUpperInvariant() switch
                    {
                        "A" => [Scenario.A],
                        "B" => [Scenario.B],
                        "M" => [Scenario.M],
                        "BOTH" => [Scenario.A, Scenario.B],
                        "ALL" => [Scenario.A, Scenario.B, Scenario.M],
                        var other => throw new ArgumentException($"--scenario must be a, b, m, both or all, not '{other}'."),
                    };
                    break;
                case "--users":
                    users = Positive();
                    break;
                case "--emails":
                    emails = Positive();
                    break;
                case "--runs":
                    options.Runs = Positive();
                    break;
                case "--seed":
                    options.Seed = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : throw new ArgumentException("--seed needs a whole number.");
                    break;
                case "--concurrency":
                    options.Concurrency = Positive();
                    break;
                case "--management-v1":
                    options.ManagementV1 = true;
                    break;
                case "--cli":
                    options.CliPath = Path.GetFullPath(Value());
                    break;
                case "--native":
                    options.NativePath = Path.GetFullPath(Value());
                    break;
                case "--no-native":
                    options.NoNative = true;
                    break;
                case "--cli-arg":
                    options._cliArgs.Add(Value());
                    break;
                case "--cli-env":
                    var assignment = Value();
                    var equals = assignment.IndexOf('=', StringComparison.Ordinal);
                    if (equals < 1)
                    {
                        throw new ArgumentException("--cli-env needs NAME=VALUE.");
                    }

                    options._cliEnvironment[assignment[..equals]] = assignment[(equals + 1)..];
                    break;
                case "--keep":
                    options.KeepDirectory = Path.GetFullPath(Value());
                    break;
                case "--output":
                    options.OutputFile = Path.GetFullPath(Value());
                    break;
                case "--help" or "-h":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (users is not null || emails is not null)
        {
            if (users is null || emails is null)
            {
                throw new ArgumentException("--users and --emails go together.");
            }

            options.Scenarios = [new Scenario("custom", users.Value, emails.Value, MaxRatioToBound: null, MaxPeakWorkingSetMb: null)];
        }

        return options;
    }
}
