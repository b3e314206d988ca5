using LiteLlm.Admin.Internal;

namespace LiteLlm.Admin.Users;

/// <summary>Which LiteLLM route writes users (deletes or creates them).</summary>
public enum UserWriteRoute
{
    /// <summary>
    /// The v1 bulk route when the proxy has it (probed once per client with
    /// <see cref="UsersClient.GetRoutesAsync"/>), else the legacy route.
    /// </summary>
    Auto,

    /// <summary>
    /// <c>POST /user/delete</c> and <c>POST /user/new</c>: every LiteLLM release. A delete fails as a
    /// whole with 404 at the first unknown id; a create is one request per user.
    /// </summary>
    Legacy,

    /// <summary>
    /// <c>POST /management/v1/users/bulk_delete</c> and <c>POST /management/v1/users/bulk</c>: recent
    /// LiteLLM only (fleet row 9). One result row per user, up to 500 users per request.
    /// </summary>
    BulkV1,
}

/// <summary>Which v1 bulk routes a proxy has (the answer of <see cref="UsersClient.GetRoutesAsync"/>).</summary>
/// <param name="BulkDelete">True when <c>POST /management/v1/users/bulk_delete</c> exists.</param>
/// <param name="BulkCreate">True when <c>POST /management/v1/users/bulk</c> exists.</param>
public sealed record UserRoutes(bool BulkDelete, bool BulkCreate)
{
    /// <summary>The delete route to use: <paramref name="requested"/>, or for <see cref="UserWriteRoute.Auto"/> the v1 route when present.</summary>
    /// <param name="requested">The route asked for.</param>
    public UserWriteRoute DeleteRoute(UserWriteRoute requested) =>
        requested != UserWriteRoute.Auto ? requested : BulkDelete ? UserWriteRoute.BulkV1 : UserWriteRoute.Legacy;

    /// <summary>The create route to use: <paramref name="requested"/>, or for <see cref="UserWriteRoute.Auto"/> the v1 route when present.</summary>
    /// <param name="requested">The route asked for.</param>
    public UserWriteRoute CreateRoute(UserWriteRoute requested) =>
        requested != UserWriteRoute.Auto ? requested : BulkCreate ? UserWriteRoute.BulkV1 : UserWriteRoute.Legacy;
}

/// <summary>The paths and batch limits of each <see cref="UserWriteRoute"/>, for logs and plans.</summary>
public static class UserWriteRoutes
{
    /// <summary>Most ids one v1 request takes (<c>MAX_BULK_DELETE_USERS</c>, contract §3.9).</summary>
    public const int MaxBulkV1Batch = 500;

    /// <summary>
    /// Most ids the client puts in one legacy <c>/user/delete</c> request. LiteLLM sets no cap but
    /// runs several queries per id before deleting (contract §5), so larger lists are split.
    /// </summary>
    public const int MaxLegacyDeleteBatch = 1000;

    /// <summary>The path a delete over <paramref name="route"/> posts to; for <see cref="UserWriteRoute.Auto"/> a description of the choice.</summary>
    /// <param name="route">The route.</param>
    public static string DeletePath(UserWriteRoute route) => route switch
    {
        UserWriteRoute.Legacy => ApiRoutes.UserDelete,
        UserWriteRoute.BulkV1 => ApiRoutes.BulkDeleteV1,
        _ => ApiRoutes.BulkDeleteV1 + " if present, else " + ApiRoutes.UserDelete,
    };

    /// <summary>The path a create over <paramref name="route"/> posts to; for <see cref="UserWriteRoute.Auto"/> a description of the choice.</summary>
    /// <param name="route">The route.</param>
    public static string CreatePath(UserWriteRoute route) => route switch
    {
        UserWriteRoute.Legacy => ApiRoutes.UserNew,
        UserWriteRoute.BulkV1 => ApiRoutes.BulkCreateV1,
        _ => ApiRoutes.BulkCreateV1 + " if present, else " + ApiRoutes.UserNew,
    };

    /// <summary>Most users one delete request over <paramref name="route"/> carries (Auto: the smaller limit).</summary>
    /// <param name="route">The route.</param>
    public static int MaxDeleteBatch(UserWriteRoute route) => route == UserWriteRoute.Legacy ? MaxLegacyDeleteBatch : MaxBulkV1Batch;

    /// <summary>Most users one create request over <paramref name="route"/> carries (legacy: one per request).</summary>
    /// <param name="route">The route.</param>
    public static int MaxCreateBatch(UserWriteRoute route) => route == UserWriteRoute.Legacy ? 1 : MaxBulkV1Batch;
}
