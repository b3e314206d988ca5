using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlm.Users.Bench;

// Benchmark of `litellm-users delete`: see bench/README.md. JSON on stdout, progress on stderr.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message + "\n\n" + BenchOptions.Usage).ConfigureAwait(false);
    return 1;
}

if (options.Help)
{
    await Console.Out.WriteLineAsync(BenchOptions.Usage).ConfigureAwait(false);
    return 0;
}

string cliDll;
try
{
    cliDll = options.CliPath ?? CliProcess.Locate();
}
catch (FileNotFoundException ex)
{
    await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
    return 1;
}

var progress = Console.Error;
if (options.CliPath is null && !CliProcess.Configuration.Equals("Release", StringComparison.Ordinal))
{
    await progress.WriteLineAsync($"WARNING: this is a {CliProcess.Configuration} build, so it runs the {CliProcess.Configuration} CLI; use 'dotnet run -c Release --project bench/LiteLlm.Users.Bench' for real figures.").ConfigureAwait(false);
}

// The framework-dependent build always; the native one when it is there (eng/publish-native.sh).
List<CliBuild> builds = [CliBuild.FrameworkDependent(cliDll)];
var nativePath = options.NoNative ? null : options.NativePath ?? CliBuild.LocateNative();
if (nativePath is not null)
{
    if (!File.Exists(nativePath))
    {
        await Console.Error.WriteLineAsync($"No native executable at {nativePath}.").ConfigureAwait(false);
        return 1;
    }

    builds.Add(CliBuild.Native(nativePath));
}
else if (!options.NoNative)
{
    await progress.WriteLineAsync("No native build found (run eng/publish-native.sh to measure it too).").ConfigureAwait(false);
}

var model = LatencyModel.Standard;
var allCorrect = true;
var buildResults = new JsonArray();
var comparison = new JsonArray();
var helpWall = new JsonObject();
foreach (var build in builds)
{
    await progress.WriteLineAsync($"CLI ({build.Name}): {build.Command}").ConfigureAwait(false);
    var result = new JsonObject
    {
        ["build"] = build.Name,
        ["command"] = build.Command + " delete --concurrency " + options.Concurrency.ToString(CultureInfo.InvariantCulture) + " ...",
        ["configuration"] = build.Name == "native" ? "Release, Native AOT" : options.CliPath is null ? CliProcess.Configuration : "given with --cli",
    };
    buildResults.Add(result);

    // Start-up cost of the CLI process alone: `--help`, five times (the first also warms the file cache).
    var startup = await StartupAsync(build).ConfigureAwait(false);
    if (startup.Error is { } helpError)
    {
        result["status"] = helpError;
        allCorrect = false;
        continue;
    }

    result["startup_s"] = ScenarioRunner.Round(ScenarioRunner.Median(startup.Seconds));
    helpWall[build.Name] = ScenarioRunner.Round(ScenarioRunner.Median(startup.Seconds));
    result["startup_runs_s"] = new JsonArray([.. startup.Seconds.Select(s => (JsonNode)ScenarioRunner.Round(s))]);
    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{build.Name}: start-up (--help, median of {startup.Seconds.Count}): {ScenarioRunner.Median(startup.Seconds):0.000} s")).ConfigureAwait(false);

    var runner = new ScenarioRunner(options, build, model, progress);
    if (await runner.WarmUpAsync().ConfigureAwait(false) is { } warmUpError)
    {
        result["status"] = "not measured: " + warmUpError;
        allCorrect = false;
        continue;
    }

    var scenarios = new JsonArray();
    foreach (var scenario in options.Scenarios)
    {
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{build.Name}: scenario {scenario.Name}: {scenario.Users} users, {scenario.Emails} emails, {options.Runs ?? scenario.DefaultRuns} runs")).ConfigureAwait(false);
        var figures = await runner.RunAsync(scenario).ConfigureAwait(false);
        scenarios.Add(figures);
        comparison.Add(new JsonObject
        {
            ["scenario"] = scenario.Name,
            ["build"] = build.Name,
            ["wall_s"] = figures["wall_s"]?.DeepClone(),
            ["ratio_to_bound"] = figures["ratio_to_bound"]?.DeepClone(),
            ["cli_cpu_s"] = figures["cli_cpu_s"]?.DeepClone(),
            ["peak_working_set_mb"] = figures["peak_working_set_mb"]?.DeepClone(),
            ["help_wall_s"] = result["startup_s"]?.DeepClone(),
            ["correct"] = figures["correct"]?.DeepClone(),
        });
    }

    result["status"] = "measured";
    result["scenarios"] = scenarios;
    allCorrect &= runner.AllCorrect;
}

var document = new JsonObject
{
    ["benchmark"] = "litellm-users delete: CLI process against an in-process LiteLLM sandbox",
    ["machine"] = new JsonObject
    {
        ["cores"] = Environment.ProcessorCount,
        ["os"] = RuntimeInformation.OSDescription,
        ["runtime"] = RuntimeInformation.FrameworkDescription,
    },
    ["cli"] = new JsonObject
    {
        ["extra_args"] = new JsonArray([.. options.CliArgs.Select(a => (JsonNode)a)]),
        ["extra_environment"] = new JsonObject([.. options.CliEnvironment.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
    },
    ["help_wall_s"] = helpWall,
    ["comparison"] = comparison,
    ["builds"] = buildResults,
};

var json = document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
if (options.OutputFile is { } output)
{
    await File.WriteAllTextAsync(output, json + "\n").ConfigureAwait(false);
}

if (!allCorrect)
{
    await progress.WriteLineAsync("FAILED: a build did not run, or a run did not delete exactly the deletable users (see \"status\" and \"correctness\").").ConfigureAwait(false);
    return 2;
}

return 0;

// `--help` five times: the wall time of merely starting the process.
static async Task<(List<double> Seconds, string? Error)> StartupAsync(CliBuild build)
{
    var seconds = new List<double>();
    var scratch = Directory.CreateTempSubdirectory("litellm-users-bench-");
    try
    {
        for (var i = 0; i < 5; i++)
        {
            var help = await CliProcess.RunAsync(build, ["--help"], new Dictionary<string, string>(), scratch.FullName, TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            if (help.ExitCode != 0)
            {
                return (seconds, $"'{build.Command} --help' failed with exit code {help.ExitCode}: {help.OutputTail}");
            }

            seconds.Add(help.WallSeconds);
        }
    }
    finally
    {
        scratch.Delete(recursive: true);
    }

    return (seconds, null);
}
