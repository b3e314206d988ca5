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

await progress.WriteLineAsync($"CLI: dotnet {cliDll}").ConfigureAwait(false);

// Start-up cost of the CLI process alone: `dotnet litellm-users.dll --help`, three times (also warms the file cache).
var startups = new List<double>();
var scratch = Directory.CreateTempSubdirectory("litellm-users-bench-");
try
{
    for (var i = 0; i < 3; i++)
    {
        var help = await CliProcess.RunAsync(cliDll, ["--help"], new Dictionary<string, string>(), scratch.FullName, TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        if (help.ExitCode != 0)
        {
            await progress.WriteLineAsync($"'dotnet {cliDll} --help' failed with exit code {help.ExitCode}:\n{help.OutputTail}").ConfigureAwait(false);
            return 1;
        }

        startups.Add(help.WallSeconds);
    }
}
finally
{
    scratch.Delete(recursive: true);
}

await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"CLI start-up (--help): {ScenarioRunner.Median(startups):0.000} s")).ConfigureAwait(false);

var model = LatencyModel.Standard;
var runner = new ScenarioRunner(options, cliDll, model, progress);
await runner.WarmUpAsync().ConfigureAwait(false);
var scenarios = new JsonArray();
foreach (var scenario in options.Scenarios)
{
    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"scenario {scenario.Name}: {scenario.Users} users, {scenario.Emails} emails, {options.Runs} runs")).ConfigureAwait(false);
    scenarios.Add(await runner.RunAsync(scenario).ConfigureAwait(false));
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
        ["command"] = "dotnet " + cliDll + " delete --concurrency " + options.Concurrency.ToString(CultureInfo.InvariantCulture) + " ...",
        ["configuration"] = options.CliPath is null ? CliProcess.Configuration : "given with --cli",
        ["startup_s"] = ScenarioRunner.Round(ScenarioRunner.Median(startups)),
        ["startup_runs_s"] = new JsonArray([.. startups.Select(s => (JsonNode)ScenarioRunner.Round(s))]),
        ["extra_args"] = new JsonArray([.. options.CliArgs.Select(a => (JsonNode)a)]),
        ["extra_environment"] = new JsonObject([.. options.CliEnvironment.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
    },
    ["scenarios"] = scenarios,
};

var json = document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
if (options.OutputFile is { } output)
{
    await File.WriteAllTextAsync(output, json + "\n").ConfigureAwait(false);
}

if (!runner.AllCorrect)
{
    await progress.WriteLineAsync("FAILED: at least one run did not delete exactly the deletable users (see \"correctness\").").ConfigureAwait(false);
    return 2;
}

return 0;
