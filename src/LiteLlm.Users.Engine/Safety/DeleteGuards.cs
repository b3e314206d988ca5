using System.Globalization;
using System.Text.RegularExpressions;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Reporting;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// How many deletions a run may make: at most <see cref="Count"/> users, and at most
/// <see cref="Percent"/> of the users on the server — except that a run of
/// <see cref="SmallRun"/> deletions or fewer is never refused by the percentage.
/// </summary>
public sealed record DeleteLimit(int? Count, double? Percent)
{
    /// <summary>A run this small is never refused by the percentage.</summary>
    public const int SmallRun = 10;

    /// <summary>The default: 100 users and 25 % of the server.</summary>
    public static DeleteLimit Default { get; } = new(100, 25);

    /// <summary>Parses <c>N</c> or <c>N%</c> (one value replaces both defaults).</summary>
    public static DeleteLimit Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.EndsWith('%')
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            && percent is > 0 and <= 100)
        {
            return new DeleteLimit(null, percent);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 0)
        {
            return new DeleteLimit(count, null);
        }

        throw new InputException($"--max-delete '{value}' is not a number of users (e.g. 250) or a percentage of the server's users (e.g. 30%).");
    }

    /// <summary>Why a run of <paramref name="deletions"/> out of <paramref name="serverUsers"/> is refused, or null when it may go on.</summary>
    public string? Check(int deletions, int serverUsers)
    {
        if (Count is { } max && deletions > max)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Refused: this run would delete {deletions} users, more than the limit of {max}. Check the CSV; if it is right, raise the limit with --max-delete {deletions} (or --max-delete {Suggest(deletions, serverUsers)}%).");
        }

        if (Percent is { } share && deletions > SmallRun && serverUsers > 0 && deletions * 100.0 / serverUsers > share)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Refused: this run would delete {deletions} of the server's {serverUsers} users ({deletions * 100.0 / serverUsers:0.#}%), more than the limit of {share:0.#}%. Check the CSV and --base-url; if they are right, raise the limit with --max-delete {Suggest(deletions, serverUsers)}% (or --max-delete {deletions}).");
        }

        return null;
    }

    private static int Suggest(int deletions, int serverUsers) =>
        serverUsers <= 0 ? 100 : Math.Min(100, (int)Math.Ceiling(deletions * 100.0 / serverUsers));
}

/// <summary>One entry of a --protect file.</summary>
/// <param name="Line">Line in the file.</param>
/// <param name="Value">A user id or an email; or, for a regex entry, the pattern.</param>
/// <param name="Pattern">The regex of a <c>re:</c> line (matched against emails).</param>
public sealed record ProtectEntry(int Line, string Value, Regex? Pattern);

/// <summary>
/// Users a run never deletes: proxy admins (unless allowed), the user who owns the key in use,
/// and the ids, emails and <c>re:</c> email patterns of a --protect file.
/// </summary>
public sealed class ProtectionRules
{
    private readonly IReadOnlyList<ProtectEntry> _entries;
    private readonly string? _protectFile;

    /// <summary>Creates the rules.</summary>
    public ProtectionRules(bool includeAdmins, string? callerUserId, string? protectFile, IReadOnlyList<ProtectEntry>? entries)
    {
        IncludeAdmins = includeAdmins;
        CallerUserId = callerUserId;
        _protectFile = protectFile;
        _entries = entries ?? [];
    }

    /// <summary>No protection but the admin rule.</summary>
    public static ProtectionRules Default { get; } = new(false, null, null, null);

    /// <summary>Whether proxy admins may be deleted.</summary>
    public bool IncludeAdmins { get; }

    /// <summary>The user who owns the key in use (null for the master key).</summary>
    public string? CallerUserId { get; }

    /// <summary>
    /// The user who owns the key in use (LiteLLM's <c>/key/info</c> without a key); null for the
    /// master key, or when the proxy will not say (then a warning, and that user is not protected by this rule).
    /// </summary>
    /// <exception cref="LiteLlmRequestFailedException">A failure that ends the run (key rejected, no server).</exception>
    public static async Task<string?> FindCallerAsync(LiteLlmAdminClient client, IRunLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        try
        {
            var caller = await client.Keys.GetCallerAsync(cancellationToken).ConfigureAwait(false);
            log.Debug(caller?.Info?.UserId is { } id ? $"the key in use belongs to user {id}; it will not be deleted" : "the key in use belongs to no user (the master key)");
            return caller?.Info?.UserId;
        }
        catch (LiteLlmRequestFailedException failure) when (!FailureReasons.IsFatal(failure))
        {
            log.Warn($"Could not find out which user owns the key in use ({failure.Message}); that user is not protected by this check.");
            return null;
        }
    }

    /// <summary>The same rules, also protecting the user who owns the key in use.</summary>
    public ProtectionRules WithCaller(string? callerUserId) => new(IncludeAdmins, callerUserId, _protectFile, _entries);

    /// <summary>Reads a --protect file: one id or email per line, <c>re:&lt;regex&gt;</c> for email patterns, <c>#</c> comments.</summary>
    public static IReadOnlyList<ProtectEntry> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"Protect file '{path}' not found.");
        }

        var entries = new List<ProtectEntry>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("re:", StringComparison.Ordinal))
            {
                try
                {
                    entries.Add(new ProtectEntry(number, line, new Regex(line[3..], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
                }
                catch (ArgumentException ex)
                {
                    throw new InputException($"Protect file '{path}' line {number}: '{line[3..]}' is not a valid regular expression ({ex.Message}).", ex);
                }
            }
            else
            {
                entries.Add(new ProtectEntry(number, line, null));
            }
        }

        return entries;
    }

    /// <summary>Why <paramref name="user"/> must not be deleted, or null.</summary>
    public string? Why(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IncludeAdmins && string.Equals(user.UserRole, "proxy_admin", StringComparison.Ordinal))
        {
            return $"Protected: {user.UserId} is a proxy_admin (use --include-admins to allow deleting admins)";
        }

        if (CallerUserId is not null && string.Equals(user.UserId, CallerUserId, StringComparison.Ordinal))
        {
            return $"Protected: {user.UserId} owns the key this run uses";
        }

        foreach (var entry in _entries)
        {
            var hit = entry.Pattern is { } pattern
                ? user.UserEmail is { } email && pattern.IsMatch(email.Trim())
                : string.Equals(entry.Value, user.UserId, StringComparison.Ordinal) || EmailKey.SameAddress(entry.Value, user.UserEmail);
            if (hit)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Protected: {user.UserId} matches '{entry.Value}' in {_protectFile} (line {entry.Line})");
            }
        }

        return null;
    }
}

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
