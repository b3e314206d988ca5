using System.Globalization;
using System.Text.RegularExpressions;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>Durations like <c>90m</c>, <c>24h</c>, <c>7d</c> (also <c>s</c> and <c>w</c>).</summary>
public static partial class Durations
{
    /// <summary>Parses a duration.</summary>
    public static TimeSpan Parse(string value, string option)
    {
        ArgumentNullException.ThrowIfNull(value);
        var match = Pattern().Match(value.Trim());
        if (!match.Success)
        {
            throw new InputException($"{option} '{value}' is not a duration such as 90m, 24h or 7d.");
        }

        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => TimeSpan.FromDays(7 * amount),
        };
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>[smhdw])$")]
    private static partial Regex Pattern();
}
