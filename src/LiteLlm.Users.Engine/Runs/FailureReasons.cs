using System.Globalization;
using LiteLlm.Admin;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// Turns failures into the error reasons of the del_user.py manual: each reason starts with the
/// manual's words (its "Error" column) and goes on with the HTTP status and the server's own
/// message, already scrubbed of the key.
/// </summary>
public static class FailureReasons
{
    /// <summary>The manual's words for a user that does not exist.</summary>
    public const string NotFound = "User not found in the system";

    /// <summary>The manual's words for an unclassified API failure of a delete.</summary>
    public const string DeleteApiError = "Failed to delete user (API error)";

    /// <summary>Reason for a user another actor deleted between our lookup and our delete.</summary>
    public const string Vanished = NotFound + ": it vanished during the run (deleted by someone else, not by this run)";

    /// <summary>Describes a failure as an error reason.</summary>
    /// <param name="failure">What went wrong.</param>
    /// <param name="apiErrorWords">Words for failures the manual has no name for (e.g. "Failed to delete user (API error)").</param>
    public static string Describe(LiteLlmRequestFailedException failure, string apiErrorWords = DeleteApiError)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Kind == LiteLlmFailureKind.ItemFailed)
        {
            // One item of a request the server accepted: no HTTP status to show, only its words.
            return (failure.ErrorType == LiteLlmItemErrors.Forbidden ? "Forbidden" : apiErrorWords) + ": " + failure.ServerMessage;
        }

        if (failure.Kind == LiteLlmFailureKind.InvalidResponse)
        {
            // A 2xx the client could not use (an error envelope, not JSON, an impossible page count): the client's
            // message names the request, the status and the server's own words or the start of the body.
            return $"{apiErrorWords}: {failure.Message}";
        }

        var words = Words(failure, apiErrorWords);
        if (failure.Status is { } status)
        {
            var server = string.IsNullOrWhiteSpace(failure.ServerMessage) ? string.Empty : ": " + failure.ServerMessage;
            return string.Create(CultureInfo.InvariantCulture, $"{words}: HTTP {status}{server}");
        }

        return $"{words}: {NetworkDetail(failure)}";
    }

    /// <summary>True when the failure means no further request can succeed: a rejected key, missing permission, no database, no server.</summary>
    public static bool IsFatal(LiteLlmRequestFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.IsFatal;
    }

    /// <summary>What the operator should do about a fatal failure (the manual's "Solution" column).</summary>
    public static string Fix(LiteLlmRequestFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (IsNoDatabase(failure))
        {
            // Contract §2.3: only a key other than the master key meets 400 no_db_connection ("No connected db."); the master
            // key passes auth and meets the route's own 500 "No db connected" (§1.2), so then the key is not in question.
            return string.Equals(failure.ErrorType, "no_db_connection", StringComparison.Ordinal)
                ? "The key is not the master key, and a proxy without a database cannot check any other key: use the master key (--master-key or LITELLM_MASTER_KEY). User management also needs the proxy's database (DATABASE_URL)."
                : "The key was accepted, but the proxy runs without a database, which user management needs: connect it (DATABASE_URL in the proxy's environment) and restart the proxy.";
        }

        return failure.Status switch
        {
            >= 300 and < 400 when failure.Kind == LiteLlmFailureKind.Http =>
                "Check the server URL (--base-url or LITELLM_BASE_URL): the address redirects elsewhere, and the key is only sent to the address given.",
            429 or 500 or 502 or 503 or 504 => string.Create(
                CultureInfo.InvariantCulture,
                $"The proxy answered HTTP {failure.Status} to every try: check that it is up and not overloaded (its logs), then run the same command again; --retries allows more tries."),
            401 => "Set the correct master key (--master-key or LITELLM_MASTER_KEY).",
            403 => "Use the master key or a proxy_admin key; this key lacks the permission.",
            _ => failure.Kind switch
            {
                LiteLlmFailureKind.ConnectionRefused or LiteLlmFailureKind.NameResolution =>
                    "Check the server URL (--base-url or LITELLM_BASE_URL) and that the proxy is running.",
                LiteLlmFailureKind.InvalidResponse =>
                    "Check that the server URL (--base-url or LITELLM_BASE_URL) is the LiteLLM proxy itself (not a login page or another service in front of it), and the proxy's logs.",
                LiteLlmFailureKind.Timeout =>
                    "Check that the proxy is up and answering (its logs, its load), or allow more time with --timeout.",
                _ => "Check the proxy's logs.",
            },
        };
    }

    /// <summary>LiteLLM without a database: 400 no_db_connection (wrong key) or 500 "No db connected".</summary>
    public static bool IsNoDatabase(LiteLlmRequestFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.IsNoDatabase;
    }

    /// <summary>The words a reason starts with for a proxy without a database (contract §1.2, fleet row 11).</summary>
    public const string NoDatabase = "The proxy has no database";

    private static string Words(LiteLlmRequestFailedException failure, string apiErrorWords) => failure.IsNoDatabase ? NoDatabase : failure.Status switch
    {
        401 => "Unauthorized",
        403 => "Forbidden",
        400 or 422 => "Bad request",
        404 => NotFound,
        _ => failure.Kind is LiteLlmFailureKind.ConnectionRefused or LiteLlmFailureKind.NameResolution
            ? "Connection refused"
            : apiErrorWords,
    };

    private static string NetworkDetail(LiteLlmRequestFailedException failure) => failure.Kind switch
    {
        LiteLlmFailureKind.ConnectionRefused => "cannot connect to the LiteLLM server (" + failure.Message + ")",
        LiteLlmFailureKind.NameResolution => "cannot connect to the LiteLLM server: host name not found (" + failure.Message + ")",
        LiteLlmFailureKind.Timeout => "timed out (" + failure.Message + ")",
        LiteLlmFailureKind.ConnectionLost => "connection lost (" + failure.Message + ")",
        _ => failure.Message,
    };
}
