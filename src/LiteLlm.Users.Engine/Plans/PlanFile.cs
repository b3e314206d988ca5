using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiteLlm.Users.Engine.Plans;

/// <summary>Reads a reviewed plan back and checks that it may be applied here and now.</summary>
internal static class PlanFile
{
    /// <summary>How far in the future a plan's time may be (clock skew); a plan dated later is refused.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Reads the plan at <paramref name="path"/>, of the format <paramref name="format"/>, and checks its proxy and age.</summary>
    /// <exception cref="InputException">Missing, not such a plan, for another proxy, too old or dated in the future.</exception>
    public static TDocument Load<TDocument, TRow>(string path, string format, string kind, JsonTypeInfo<TDocument> info, Uri baseUrl, TimeSpan maxAge, DateTimeOffset now)
        where TDocument : PlanDocument<TRow>
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!File.Exists(path))
        {
            throw new InputException($"Plan file '{path}' not found.");
        }

        string? found;
        TDocument? plan;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            found = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            if (!string.Equals(found, format, StringComparison.Ordinal))
            {
                throw new InputException(found is null
                    ? $"'{path}' is not a litellm-users {kind} plan (it has no \"format\" field). Make one with --dry-run --plan-out."
                    : $"'{path}' is not a {kind} plan: its format is '{found}', this command applies '{format}'.");
            }

            plan = document.RootElement.Deserialize(info);
        }
        catch (JsonException ex)
        {
            throw new InputException($"'{path}' is not a {kind} plan: it is not valid JSON ({ex.Message})", ex);
        }

        if (plan is null)
        {
            throw new InputException($"'{path}' is not a {kind} plan.");
        }

        var target = baseUrl.AbsoluteUri.TrimEnd('/');
        if (!string.Equals(plan.BaseUrl, target, StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException($"Refused: plan '{path}' was made for {plan.BaseUrl}, not {target}. Make a new plan against this proxy with --dry-run --plan-out.");
        }

        var age = now - plan.CreatedAt;
        if (age < -MaxClockSkew)
        {
            throw new InputException(string.Create(
                CultureInfo.InvariantCulture,
                $"Refused: plan '{path}' says it was made at {plan.CreatedAt:u}, {Describe(-age)} in the future. A plan's time cannot be trusted then; make a new plan with --dry-run --plan-out."));
        }

        if (age > maxAge)
        {
            throw new InputException(string.Create(
                CultureInfo.InvariantCulture,
                $"Refused: plan '{path}' is {Describe(age)} old, older than --max-plan-age {Describe(maxAge)}. Make a new plan with --dry-run --plan-out, or raise --max-plan-age."));
        }

        return plan;
    }

    private static string Describe(TimeSpan span) => span.TotalHours >= 48
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#}d")
        : span.TotalMinutes >= 120 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#}h") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0}m");
}
