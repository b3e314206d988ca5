using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LiteLlm.Admin.Internal;

namespace LiteLlm.Admin.Users;

/// <summary>
/// User operations: <c>/user/new</c>, <c>/user/info</c>, <c>/user/list</c>, <c>/user/update</c>,
/// <c>/user/delete</c> and the v1 bulk delete.
/// </summary>
public partial class UsersClient
{
    private readonly HttpPipeline? _pipeline;
    private readonly Lock _routesGate = new();
    private Task<UserRoutes>? _routes;

    internal UsersClient(HttpPipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected UsersClient()
    {
    }

    private HttpPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("This instance was created for mocking.");

    /// <summary>
    /// Streams every user matching <paramref name="query"/>, walking all pages in a stable order
    /// (<c>sort_by=user_id</c> unless the query says otherwise). An empty result is not an error.
    /// </summary>
    public virtual async IAsyncEnumerable<LiteLlmUser> GetUsersAsync(
        UserQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new UserQuery();
        for (var page = 1; ; page++)
        {
            var result = await GetUsersPageAsync(query, page, cancellationToken).ConfigureAwait(false);
            foreach (var user in result.Users)
            {
                yield return user;
            }

            // Stop on the server's page count, and also on a short page, in case total_pages is absent.
            if (result.Users.Count == 0 || page >= result.TotalPages || result.Users.Count < query.PageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>Reads one page of <c>/user/list</c>.</summary>
    public virtual Task<UserPage> GetUsersPageAsync(UserQuery query, int page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        return Pipeline.GetAsync(ApiRoutes.UserList, BuildQuery(query, page), LiteLlmJsonContext.Default.UserPage, cancellationToken);
    }

    /// <summary>
    /// Reads one page of <c>/user/list</c> for a scan: all ids, and a full object only for each user
    /// whose id and email <paramref name="keep"/> accepts.
    /// </summary>
    public virtual async Task<UserScanPage> ScanUsersPageAsync(UserQuery query, int page, Func<string, string?, bool> keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(keep);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var raw = await Pipeline.SendAsync(HttpMethod.Get, ApiRoutes.UserList, BuildQuery(query, page), null, RequestKind.Read, cancellationToken).ConfigureAwait(false);
        return JsonCalls.Read(Pipeline, "GET", ApiRoutes.UserList, raw, body =>
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var ids = new List<string>();
            var kept = new List<LiteLlmUser>();
            foreach (var element in root.GetProperty("users").EnumerateArray())
            {
                var id = element.GetProperty("user_id").GetString() ?? string.Empty;
                ids.Add(id);
                var email = element.TryGetProperty("user_email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                if (keep(id, email))
                {
                    kept.Add(element.Deserialize(LiteLlmJsonContext.Default.LiteLlmUser)!);
                }
            }

            return new UserScanPage
            {
                UserIds = ids,
                Kept = kept,
                Total = root.GetProperty("total").GetInt32(),
                Page = root.TryGetProperty("page", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : page,
                TotalPages = root.TryGetProperty("total_pages", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 0,
            };
        });
    }

    /// <summary>Reads one user with keys and teams. Throws (404) when the user does not exist.</summary>
    public virtual async Task<UserInfo> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var wire = await Pipeline.GetAsync(ApiRoutes.UserInfo, "user_id=" + Uri.EscapeDataString(userId), LiteLlmJsonContext.Default.UserInfoWire, cancellationToken).ConfigureAwait(false);
        return new UserInfo { UserId = wire.UserId, UserInfoRow = wire.UserInfo, Keys = wire.Keys, Teams = wire.Teams };
    }

    /// <summary>Creates a user. Throws (409) when the id or the email already exists.</summary>
    public virtual Task<CreateUserResponse> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Pipeline.PostAsync(ApiRoutes.UserNew, request, LiteLlmJsonContext.Default.CreateUserRequest, LiteLlmJsonContext.Default.CreateUserResponse, cancellationToken);
    }

    /// <summary>Updates a user. LiteLLM creates the user when the id is unknown: update only ids you have just seen.</summary>
    public virtual Task<UpdateUserResponse> UpdateAsync(UpdateUserRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Pipeline.PostAsync(ApiRoutes.UserUpdate, request, LiteLlmJsonContext.Default.UpdateUserRequest, LiteLlmJsonContext.Default.UpdateUserResponse, cancellationToken);
    }

    /// <summary>
    /// Deletes users with <c>POST /user/delete</c> and returns the server's count. Unlike most
    /// delete verbs this is not a no-op for a missing user: LiteLLM answers 404 for the first
    /// unknown id and deletes nothing, which callers must handle. Not retried on an unknown outcome.
    /// </summary>
    public virtual Task<int> DeleteAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return Pipeline.PostAsync(ApiRoutes.UserDelete, new DeleteUsersBody { UserIds = [.. userIds] }, LiteLlmJsonContext.Default.DeleteUsersBody, LiteLlmJsonContext.Default.Int32, cancellationToken);
    }

    /// <summary>
    /// Deletes up to 500 users with <c>POST /management/v1/users/bulk_delete</c> (recent LiteLLM
    /// only; check with <see cref="LiteLlmAdminClient.HasRouteAsync"/>). One result per id, in order.
    /// </summary>
    public virtual async Task<IReadOnlyList<BulkDeleteResult>> BulkDeleteAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var wire = await Pipeline.PostAsync(ApiRoutes.BulkDeleteV1, new DeleteUsersBody { UserIds = [.. userIds] }, LiteLlmJsonContext.Default.DeleteUsersBody, LiteLlmJsonContext.Default.BulkDeleteWire, cancellationToken).ConfigureAwait(false);
        return wire.Data ?? [];
    }

    /// <summary>
    /// Creates up to 500 users in one request with <c>POST /management/v1/users/bulk</c> (recent
    /// LiteLLM only; check with <see cref="LiteLlmAdminClient.HasRouteAsync"/>). One row per user, in
    /// order; a failed row does not stop the others.
    /// </summary>
    public virtual Task<BulkCreateResult> BulkCreateAsync(IReadOnlyList<CreateUserRequest> users, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        return Pipeline.PostAsync(ApiRoutes.BulkCreateV1, new BulkCreateBody { Users = users }, LiteLlmJsonContext.Default.BulkCreateBody, LiteLlmJsonContext.Default.BulkCreateResult, cancellationToken);
    }

    internal static string BuildQuery(UserQuery query, int page)
    {
        var builder = new StringBuilder();
        Add(builder, "role", query.Role);
        Add(builder, "user_ids", Join(query.UserIds));
        Add(builder, "sso_user_ids", Join(query.SsoUserIds));
        Add(builder, "user_email", query.UserEmail);
        Add(builder, "team", query.Team);
        Add(builder, "organization_ids", Join(query.OrganizationIds));
        Add(builder, "sort_by", query.SortBy);
        Add(builder, "sort_order", query.SortOrder);
        Add(builder, "page", page.ToString(CultureInfo.InvariantCulture));
        Add(builder, "page_size", query.PageSize.ToString(CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    private static string? Join(IReadOnlyList<string>? values) => values is null || values.Count == 0 ? null : string.Join(',', values);

    private static void Add(StringBuilder builder, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append('&');
        }

        // EscapeDataString encodes '+' as %2B, so ids with '+' survive LiteLLM's parsing (contract §3.2).
        builder.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
