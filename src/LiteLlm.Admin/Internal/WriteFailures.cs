using System.Text.RegularExpressions;

namespace LiteLlm.Admin.Internal;

/// <summary>Two failures are "the same" when status, kind and the server's words agree.</summary>
internal readonly record struct FailureSignature(LiteLlmFailureKind Kind, int? Status, string? Message)
{
    public static FailureSignature Of(LiteLlmRequestFailedException failure) =>
        new(failure.Kind, failure.Status, failure.ServerMessage ?? failure.Message);
}

/// <summary>How the bulk write loops classify a failure (retry, re-check, isolate, report).</summary>
internal static partial class WriteFailures
{
    /// <summary>The hint for fleet row 1 (issues #4740, #23114; fixed by PR #23115).</summary>
    public const string InvitationLinkHint =
        "this LiteLLM release cannot delete a user who created pending invitation links; upgrade LiteLLM (PR #23115), or delete those links first";

    /// <summary>
    /// Fleet row 1: older <c>/user/delete</c> answers 500 with Prisma's FK error when a user created or
    /// updated a pending invitation link. Deterministic: retrying never helps, isolating does.
    /// </summary>
    public static bool IsInvitationLinkFk(LiteLlmRequestFailedException failure) =>
        failure.Kind == LiteLlmFailureKind.Http && failure.ServerMessage is { } words && InvitationFk().IsMatch(words);

    /// <summary>Whether the server may have acted on the request (so the users must be re-checked).</summary>
    public static bool OutcomeUnknown(LiteLlmRequestFailedException failure) =>
        failure.Kind == LiteLlmFailureKind.InvalidResponse || (failure.OutcomeUnknown && !IsInvitationLinkFk(failure));

    /// <summary>Whether a resend may succeed (within the budget).</summary>
    public static bool IsRetryable(LiteLlmRequestFailedException failure) =>
        !IsInvitationLinkFk(failure)
        && !failure.IsFatal
        && (failure.IsTransient || IsTransactionFailed(failure));

    /// <summary>
    /// Whether the failure points at the request's content, so splitting the batch isolates the users
    /// who cause it: a 500, a 400 or 422 other than a malformed body this client built, or a v1 bulk
    /// transaction that failed. Never overload, transport or auth failures (429, 502, 503, 504,
    /// timeouts, dropped connections, 401, 403).
    /// </summary>
    public static bool PointsAtContent(LiteLlmRequestFailedException failure)
    {
        if (IsTransactionFailed(failure))
        {
            return true;
        }

        if (failure.Kind != LiteLlmFailureKind.Http || failure.IsFatal)
        {
            return false;
        }

        return failure.Status switch
        {
            500 => true,
            400 or 422 => !IsBadBodyWeBuilt(failure),
            _ => false,
        };
    }

    /// <summary>
    /// A 400/422 about the shape of the request itself, which no split can fix: the v1 routes'
    /// <c>invalid-request-body</c> and <c>unknown-query-parameter</c> problems, or a FastAPI 422 whose
    /// errors name no element of the list (<c>body.user_ids: …</c> rather than <c>body.users.3.user_role: …</c>).
    /// </summary>
    public static bool IsBadBodyWeBuilt(LiteLlmRequestFailedException failure)
    {
        if (failure.ErrorType is { } type
            && (type.EndsWith(":invalid-request-body", StringComparison.Ordinal) || type.EndsWith(":unknown-query-parameter", StringComparison.Ordinal)))
        {
            return true;
        }

        return failure.Status == 422 && !ElementIndex().IsMatch(failure.ServerMessage ?? string.Empty);
    }

    /// <summary>True for the failure built from a v1 bulk delete's <c>Failed to delete user: …</c> rows.</summary>
    public static bool IsTransactionFailed(LiteLlmRequestFailedException failure) =>
        failure.Kind == LiteLlmFailureKind.ItemFailed && string.Equals(failure.ErrorCode, TransactionFailedCode, StringComparison.Ordinal);

    /// <summary>The hint for a failure, when it is a recognised one.</summary>
    public static string? HintFor(LiteLlmRequestFailedException? failure) =>
        failure is not null && (IsInvitationLinkFk(failure) || (failure.InnerException is LiteLlmRequestFailedException inner && IsInvitationLinkFk(inner)))
            ? InvitationLinkHint
            : null;

    /// <summary>Builds the failure of one item of a request that itself answered (see <see cref="LiteLlmFailureKind.ItemFailed"/>).</summary>
    public static LiteLlmRequestFailedException ItemFailure(string method, string path, string errorType, string serverWords, Exception? cause = null, string? code = null) =>
        new(serverWords, LiteLlmFailureKind.ItemFailed, method, path, status: null, errorType: errorType, errorCode: code, serverMessage: serverWords, innerException: cause);

    /// <summary>The error code of a v1 bulk delete whose transaction failed (none of the valid rows was deleted).</summary>
    public const string TransactionFailedCode = "transaction_failed";

    /// <summary>The user id named by the scope refusal of <c>/user/delete</c> or a v1 row, or null.</summary>
    public static string? ScopeRefusedUser(string? words) =>
        words is not null && ScopeMessage().Match(words) is { Success: true } match ? match.Groups["id"].Value : null;

    [GeneratedRegex(@"Foreign key constraint failed on the field: `?LiteLLM_InvitationLink_\w+_fkey", RegexOptions.CultureInvariant)]
    private static partial Regex InvitationFk();

    [GeneratedRegex(@"(^|;\s*)body\.\w+\.\d+\b", RegexOptions.CultureInvariant)]
    private static partial Regex ElementIndex();

    // bulk_user_deletion._scope_error and internal_user_endpoints.delete_user (contract §3.8).
    [GeneratedRegex(@"^User (?<id>.+) is not within your admin scope\.", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ScopeMessage();
}
