using LiteLlm.Admin.Internal;

namespace LiteLlm.Admin.Teams;

/// <summary>Team operations: <c>/team/list</c>, <c>/team/new</c>, <c>/team/member_add</c>, <c>/team/member_delete</c>.</summary>
public class TeamsClient
{
    private readonly HttpPipeline? _pipeline;

    internal TeamsClient(HttpPipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected TeamsClient()
    {
    }

    private HttpPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("This instance was created for mocking.");

    /// <summary>Every team (LiteLLM's <c>/team/list</c> is not paged), optionally only those of a user or organisation.</summary>
    public virtual async Task<IReadOnlyList<LiteLlmTeam>> ListAsync(string? userId = null, string? organizationId = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (userId is not null)
        {
            query.Add("user_id=" + Uri.EscapeDataString(userId));
        }

        if (organizationId is not null)
        {
            query.Add("organization_id=" + Uri.EscapeDataString(organizationId));
        }

        return await Pipeline.GetAsync(ApiRoutes.TeamList, query.Count == 0 ? null : string.Join('&', query), LiteLlmJsonContext.Default.ListLiteLlmTeam, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a team.</summary>
    public virtual Task<LiteLlmTeam> CreateAsync(CreateTeamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Pipeline.PostAsync(ApiRoutes.TeamNew, request, LiteLlmJsonContext.Default.CreateTeamRequest, LiteLlmJsonContext.Default.LiteLlmTeam, cancellationToken);
    }

    /// <summary>Adds a member; LiteLLM updates both the roster and the user's <c>teams</c>.</summary>
    public virtual Task<TeamMemberAddResponse> AddMemberAsync(string teamId, TeamMember member, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamId);
        ArgumentNullException.ThrowIfNull(member);
        return Pipeline.PostAsync(ApiRoutes.TeamMemberAdd, new TeamMemberAddBody { TeamId = teamId, Member = member }, LiteLlmJsonContext.Default.TeamMemberAddBody, LiteLlmJsonContext.Default.TeamMemberAddResponse, cancellationToken);
    }

    /// <summary>Removes a member (by id, else by email); LiteLLM updates both the roster and the user's <c>teams</c>.</summary>
    public virtual Task<LiteLlmTeam> RemoveMemberAsync(string teamId, string? userId, string? userEmail = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamId);
        if (userId is null && userEmail is null)
        {
            throw new ArgumentException("Give a user id or an email.", nameof(userId));
        }

        return Pipeline.PostAsync(ApiRoutes.TeamMemberDelete, new TeamMemberDeleteBody { TeamId = teamId, UserId = userId, UserEmail = userEmail }, LiteLlmJsonContext.Default.TeamMemberDeleteBody, LiteLlmJsonContext.Default.LiteLlmTeam, cancellationToken);
    }
}
