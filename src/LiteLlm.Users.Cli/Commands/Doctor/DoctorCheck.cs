using System.Diagnostics;
using LiteLlm.Admin;
using LiteLlm.Admin.Health;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Cli.Commands.Doctor;

/// <summary>
/// The checks of <c>litellm-users doctor</c>, read-only: <c>/health/readiness</c> (reachable, round trip,
/// release, database), <c>/user/list?page_size=1</c> (the key may list users; how many), <c>/key/info</c>
/// (who the key is; for a virtual key its user's role from <c>/user/list?user_ids=</c>), and the probes of
/// the v1 bulk routes (GETs: 405 means the POST route exists). It stops at the first answer that makes the
/// proxy unusable: unreachable, no database, a rejected key.
/// </summary>
internal static class DoctorCheck
{
    /// <summary>The optional routes doctor looks for.</summary>
    public static readonly IReadOnlyList<string> OptionalRoutes = [UserWriteRoutes.DeletePath(UserWriteRoute.BulkV1), UserWriteRoutes.CreatePath(UserWriteRoute.BulkV1)];

    /// <summary>Runs the checks.</summary>
    public static async Task<DoctorReport> RunAsync(LiteLlmAdminClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var report = new DoctorReport
        {
            BaseUrl = client.Endpoint.AbsoluteUri.TrimEnd('/'),
            Routes = OptionalRoutes.ToDictionary(r => r, r => (bool?)null, StringComparer.Ordinal),
        };

        // 1. Reachable? Which release, with a database?
        var clock = Stopwatch.StartNew();
        ProxyReadiness? readiness = null;
        try
        {
            readiness = await client.GetReadinessAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (failure.IsNetworkError)
        {
            return Finish(report, $"Cannot reach the proxy at {report.BaseUrl}: {FailureReasons.Describe(failure, "Failed")}. Fix: {FailureReasons.Fix(failure)}");
        }
        catch (LiteLlmRequestFailedException)
        {
            // Answered, but not with a readiness document (a gateway in front, a release without the route): read on.
        }

        report = report with
        {
            Reachable = true,
            RoundTripMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            LiteLlmVersion = string.IsNullOrWhiteSpace(readiness?.LiteLlmVersion) ? "unknown" : readiness.LiteLlmVersion,
            Database = string.IsNullOrWhiteSpace(readiness?.Db) ? "unknown" : readiness.Db,
        };
        if (readiness is { Db: not null, IsDatabaseConnected: false })
        {
            return Finish(report, $"{FailureReasons.NoDatabase} (/health/readiness says \"db\": \"{readiness.Db}\"): user management needs one. Fix: start LiteLLM with DATABASE_URL set.");
        }

        // 2. May this key list users, and how many are there?
        try
        {
            var page = await client.Users.GetUsersPageAsync(new UserQuery { PageSize = 1 }, 1, cancellationToken).ConfigureAwait(false);
            report = report with { Users = page.Total };
        }
        catch (LiteLlmRequestFailedException failure)
        {
            return Finish(report with { Hazards = Hazards(report, failure.IsNoDatabase ? false : null) }, $"{FailureReasons.Describe(failure, "Cannot list users")}. Fix: {FailureReasons.Fix(failure)}");
        }

        // 3. Who is the key? 4. Which optional routes exist?
        var caller = CallerAsync(client, cancellationToken);
        var routes = RoutesAsync(client, cancellationToken);
        report = report with { Caller = await caller.ConfigureAwait(false), Routes = await routes.ConfigureAwait(false) };
        report = report with { Hazards = Hazards(report, readiness?.IsDatabaseConnected ?? true) };
        return report.Caller.Role is { } role and not "proxy_admin"
            ? Finish(report, $"The key belongs to user {report.Caller.UserId} with role {role}: this tool needs the master key or a proxy_admin key to change users.")
            : report with { Usable = true };
    }

    private static DoctorReport Finish(DoctorReport report, string problem) =>
        report with { Usable = false, Problem = problem, Hazards = report.Hazards.Count > 0 ? report.Hazards : Hazards(report, report.Database == "unknown" ? null : string.Equals(report.Database, ProxyReadiness.DatabaseConnected, StringComparison.OrdinalIgnoreCase)) };

    private static List<DoctorHazard> Hazards(DoctorReport report, bool? databaseConnected) =>
        [.. FleetHazards.For(report.LiteLlmVersion, databaseConnected).Select(h => new DoctorHazard(h.Hazard.Id, h.Hazard.Summary, h.Hazard.Mitigation, h.Hazard.FleetRow, h.Hazard.FixedIn, h.Hazard.Source, h.Possible))];

    private static async Task<DoctorCaller> CallerAsync(LiteLlmAdminClient client, CancellationToken cancellationToken)
    {
        try
        {
            var key = await client.Keys.GetCallerAsync(cancellationToken).ConfigureAwait(false);
            if (key?.Info?.UserId is not { } userId)
            {
                // LiteLLM has no record of the master key (/key/info answers 404): it is the proxy admin.
                return new DoctorCaller(null, key is null ? "proxy_admin" : null);
            }

            // One id is a substring match on the server: keep the exact one.
            await foreach (var user in client.Users.GetUsersAsync(new UserQuery { UserIds = [userId] }, cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(user.UserId, userId, StringComparison.Ordinal))
                {
                    return new DoctorCaller(userId, user.UserRole);
                }
            }

            return new DoctorCaller(userId, null);
        }
        catch (LiteLlmRequestFailedException)
        {
            return new DoctorCaller(null, null);
        }
    }

    private static async Task<IReadOnlyDictionary<string, bool?>> RoutesAsync(LiteLlmAdminClient client, CancellationToken cancellationToken)
    {
        var routes = new Dictionary<string, bool?>(StringComparer.Ordinal);
        try
        {
            var found = await client.Users.GetRoutesAsync(cancellationToken).ConfigureAwait(false);
            routes[UserWriteRoutes.DeletePath(UserWriteRoute.BulkV1)] = found.BulkDelete;
            routes[UserWriteRoutes.CreatePath(UserWriteRoute.BulkV1)] = found.BulkCreate;
        }
        catch (LiteLlmRequestFailedException)
        {
            foreach (var route in OptionalRoutes)
            {
                routes[route] = null;
            }
        }

        return routes;
    }
}
