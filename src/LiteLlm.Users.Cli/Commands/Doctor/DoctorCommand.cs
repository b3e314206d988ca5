using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LiteLlm.Users.Cli.Common;

namespace LiteLlm.Users.Cli.Commands.Doctor;

/// <summary>The behaviour of <c>litellm-users doctor</c>: run the read-only checks, print the report, exit 0 or 3.</summary>
public static class DoctorCommand
{
    // Readable on a terminal: apostrophes and accents as they are (the output is never embedded in HTML).
    private static readonly DoctorJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new DoctorCommandDefinition(context.Environment);
        definition.Command.SetAction((result, _) => RunAsync(definition, result, context));
        return definition.Command;
    }

    private static async Task<int> RunAsync(DoctorCommandDefinition definition, ParseResult result, CliContext context)
    {
        var format = result.GetValue(definition.Format);
        var log = new StderrLog(context.Error, result.GetValue(definition.Connection.Debug));
        await using var connection = await definition.Connection.ConnectAsync(result, context, log).ConfigureAwait(false);
        var report = await DoctorCheck.RunAsync(connection.Client, context.Stop).ConfigureAwait(false);
        if (format == DoctorFormat.Json)
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(report, Json.DoctorReport)).ConfigureAwait(false);
        }
        else
        {
            await WriteTableAsync(context.Output, report).ConfigureAwait(false);
        }

        if (report.Problem is { } problem)
        {
            await context.Error.WriteLineAsync("ERROR: " + problem).ConfigureAwait(false);
            return ExitCodes.CouldNotRun;
        }

        return ExitCodes.Success;
    }

    private static async Task WriteTableAsync(TextWriter output, DoctorReport report)
    {
        string Line(string name, string value) => $"{name,-10} {value}";
        var reach = report.Reachable
            ? string.Create(CultureInfo.InvariantCulture, $"{report.BaseUrl} (reachable, {report.RoundTripMs:0.#} ms)")
            : $"{report.BaseUrl} (not reachable)";
        await output.WriteLineAsync(Line("Proxy", reach)).ConfigureAwait(false);
        await output.WriteLineAsync(Line("LiteLLM", report.LiteLlmVersion)).ConfigureAwait(false);
        await output.WriteLineAsync(Line("Database", report.Database)).ConfigureAwait(false);
        var who = report.Caller switch
        {
            { UserId: null, Role: "proxy_admin" } => "the master key (proxy_admin)",
            { UserId: { } id } caller => $"user {id} ({caller.Role ?? "role unknown"})",
            _ => "unknown",
        };
        await output.WriteLineAsync(Line("Key", who)).ConfigureAwait(false);
        await output.WriteLineAsync(Line("Users", report.Users?.ToString(CultureInfo.InvariantCulture) ?? "unknown")).ConfigureAwait(false);
        var routes = string.Join(", ", report.Routes.Select(r => $"{r.Key} {(r.Value switch { true => "present", false => "absent", _ => "unknown" })}"));
        await output.WriteLineAsync(Line("Routes", routes)).ConfigureAwait(false);
        var possible = report.Hazards.Any(h => h.Possible);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(report.Hazards.Count == 0
            ? "Known hazards of this release: none."
            : string.Create(CultureInfo.InvariantCulture, $"Known hazards {(possible ? "that may apply (the release is unknown)" : "of this release")}: {report.Hazards.Count}")).ConfigureAwait(false);
        foreach (var hazard in report.Hazards)
        {
            var fixedIn = hazard.FixedIn switch
            {
                null => "not fixed",
                "main" => "fixed on main, in no release yet",
                var v => "fixed in " + v,
            };
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  - {hazard.Id} (fleet row {hazard.FleetRow}; {fixedIn}; {hazard.Source})")).ConfigureAwait(false);
            await output.WriteLineAsync($"      LiteLLM: {hazard.Summary}").ConfigureAwait(false);
            await output.WriteLineAsync($"      This tool: {hazard.Mitigation}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(report.Usable ? "Usable: yes" : "Usable: no (see the error below)").ConfigureAwait(false);
    }
}
