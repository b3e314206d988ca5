using System.Globalization;
using System.Text.RegularExpressions;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// Users a run never deletes: proxy admins (unless allowed), the user who owns the key in use,
/// and the ids, emails and <c>re:</c> email patterns of a --protect file.
/// </summary>
public sealed class ProtectionRules
{
    private readonly IReadOnlyList<ProtectEntry> _entries;
    private readonly string? _protectFile;

    /// <summary>Creates the rules.</summary>
    internal ProtectionRules(bool includeAdmins, string? callerUserId, string? protectFile, IReadOnlyList<ProtectEntry>? entries)
    {
        IncludeAdmins = includeAdmins;
        CallerUserId = callerUserId;
        _protectFile = protectFile;
        _entries = entries ?? [];
    }

    /// <summary>The rules of --include-admins and a --protect file (the key's owner is added by the run).</summary>
    /// <param name="includeAdmins">Whether proxy admins may be removed.</param>
    /// <param name="protectFile">Ids or emails never to remove, one per line; <c>re:</c> lines are email patterns. Null = none.</param>
    /// <exception cref="InputException">The file is missing or holds a bad pattern.</exception>
    public static ProtectionRules Create(bool includeAdmins, string? protectFile) =>
        new(includeAdmins, null, protectFile, protectFile is null ? null : ReadFile(protectFile));

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
    internal static async Task<string?> FindCallerAsync(LiteLlmAdminClient client, IRunLog log, CancellationToken cancellationToken)
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
    internal ProtectionRules WithCaller(string? callerUserId) => new(IncludeAdmins, callerUserId, _protectFile, _entries);

    /// <summary>Reads a --protect file: one id or email per line, <c>re:&lt;regex&gt;</c> for email patterns, <c>#</c> comments.</summary>
    internal static IReadOnlyList<ProtectEntry> ReadFile(string path)
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
    public string? Why(LiteLlmUser user) => Why(user, "deleting");

    /// <summary>Why <paramref name="user"/> must not be taken out of use (<paramref name="removing"/>: "deleting", "disabling"), or null.</summary>
    public string? Why(LiteLlmUser user, string removing)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IncludeAdmins && string.Equals(user.UserRole, "proxy_admin", StringComparison.Ordinal))
        {
            return $"Protected: {user.UserId} is a proxy_admin (use --include-admins to allow {removing} admins)";
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
