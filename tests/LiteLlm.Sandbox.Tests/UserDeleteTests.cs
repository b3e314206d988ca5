using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Contract §3.8 (<c>POST /user/delete</c>).</summary>
public sealed class UserDeleteTests
{
    public sealed class Validation
    {
        [Theory]
        [InlineData(ContractTarget.Sandbox, "{}", "nodb-delete_missing_user_ids")]
        [InlineData(ContractTarget.Sandbox, "{\"user_ids\":\"abc\"}", "nodb-delete_user_ids_not_list")]
        [InlineData(ContractTarget.RealProxy, "{}", "nodb-delete_missing_user_ids")]
        [InlineData(ContractTarget.RealProxy, "{\"user_ids\":\"abc\"}", "nodb-delete_user_ids_not_list")]
        public async Task InvalidBody_Answers422LikeTheCapture(string target, string body, string capture)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);

            // Act
            using var response = await t.SendAsync(HttpMethod.Post, "/user/delete", rawBody: body);

            // Assert
            ((int)response.StatusCode).ShouldBe(Captures.Status(capture));
            (await response.NodeAsync()).ShouldMatch(Captures.Body(capture));
        }

        [Fact]
        public async Task NonStringItem_Answers422StringTypeAtItsIndex()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

            // Act
            using var response = await t.SendAsync(HttpMethod.Post, "/user/delete", rawBody: "{\"user_ids\":[\"a\",7]}");
            var item = (await response.JsonAsync()).GetProperty("detail")[0];

            // Assert
            item.Str("type").ShouldBe("string_type");
            item.GetProperty("loc")[2].GetInt32().ShouldBe(1);
        }
    }

    public sealed class Outcomes
    {
        [Theory]
        [InlineData(ContractTarget.Sandbox)]
        [InlineData(ContractTarget.RealProxy)]
        public async Task KnownUsers_AnswerABareIntegerCountingDuplicatesOnce(string target)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);
            var a = (await t.CreateUserAsync(new { user_email = t.Email("del-a") })).Str("user_id");
            var b = (await t.CreateUserAsync(new { user_email = t.Email("del-b") })).Str("user_id");

            // Act
            using var response = await t.PostAsync("/user/delete", new { user_ids = new[] { a, b, a } });

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("2");
            using var info = await t.GetAsync("/user/info?user_id=" + a);
            info.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        [Theory]
        [InlineData(ContractTarget.Sandbox)]
        [InlineData(ContractTarget.RealProxy)]
        public async Task EmptyList_AnswersZero(string target)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);

            // Act
            using var response = await t.PostAsync("/user/delete", new { user_ids = Array.Empty<string>() });

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("0");
        }

        [Theory]
        [InlineData(ContractTarget.Sandbox)]
        [InlineData(ContractTarget.RealProxy)]
        public async Task UnknownId_Answers404ForTheFirstUnknownInRequestOrderAndDeletesNothing(string target)
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(target);
            var known = (await t.CreateUserAsync(new { user_email = t.Email("keep") })).Str("user_id");
            var first = t.Unique("missing-1");
            var second = t.Unique("missing-2");

            // Act
            using var response = await t.PostAsync("/user/delete", new { user_ids = new[] { known, first, second } });

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe($"{{\"detail\":{{\"error\":\"User not found, passed user_id={first}\"}}}}");
            using var info = await t.GetAsync("/user/info?user_id=" + known);
            info.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        [Fact]
        public async Task KnownBeforeUnknown_LeavesTheKnownUserOffItsRosters()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var store = t.Server!.Store;
            store.AddUser(new SandboxUserSeed { UserId = "early", UserEmail = "early@example.com", Teams = ["team-x"] });

            // Act
            using var response = await t.PostAsync("/user/delete", new { user_ids = new[] { "early", "nope" } });

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            store.FindUser("early").ShouldNotBeNull();
            store.FindTeam("team-x")!.MembersWithRoles.ShouldBeEmpty();
            store.Deletions.ShouldBeEmpty();
            t.Server.Journal.Entries.Single().Committed.ShouldBeTrue();
        }

        [Fact]
        public async Task UnknownBeforeKnown_HasNoSideEffects()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var store = t.Server!.Store;
            store.AddUser(new SandboxUserSeed { UserId = "late", UserEmail = "late@example.com", Teams = ["team-x"] });

            // Act
            using var response = await t.PostAsync("/user/delete", new { user_ids = new[] { "nope", "late" } });

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            store.FindTeam("team-x")!.MembersWithRoles.Count.ShouldBe(1);
            t.Server.Journal.Entries.Single().Committed.ShouldBeFalse();
        }

        [Fact]
        public async Task Delete_CascadesLikeLiteLlm()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            var store = t.Server!.Store;
            store.CreateTeam("team-x", "X");
            store.AddUser(new SandboxUserSeed { UserId = "gone", UserEmail = "shared@example.com", Teams = ["team-x"] });
            store.AddUser(new SandboxUserSeed { UserId = "twin", UserEmail = "shared@example.com", Teams = ["team-x"] });
            store.AddUser(new SandboxUserSeed { UserId = "admin", UserEmail = "admin@example.com" });
            store.CreateKey("gone", "team-key", "team-x");
            store.AddOrganizationMember("org-1", "gone");
            store.CreateInvitation("twin", createdBy: "gone");
            store.CreateInvitation("gone", createdBy: "admin");
            store.CreateInvitation("admin", createdBy: "admin");

            // Act
            using var response = await t.PostAsync("/user/delete", new { user_ids = new[] { "gone" } });

            // Assert
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("1");
            store.FindUser("gone").ShouldBeNull();
            store.KeysOf("gone").ShouldBeEmpty();
            store.Invitations.Select(i => i.UserId).ShouldBe(["admin"]);
            store.OrganizationMemberships.ShouldBeEmpty();
            store.TeamMemberships.Select(m => m.UserId).ShouldBe(["twin"]);
            // members_with_roles is cleaned by id OR exact email, so the twin sharing the email goes too.
            store.FindTeam("team-x")!.MembersWithRoles.ShouldBeEmpty();
            store.FindUser("twin")!.Teams.ShouldBe(["team-x"]);
            var deletion = store.Deletions.Single();
            deletion.UserId.ShouldBe("gone");
            deletion.Email.ShouldBe("shared@example.com");
            deletion.RequestSequence.ShouldBe(t.Server.Journal.Entries.Single().Sequence);
        }

        [Fact]
        public async Task DeletedUsersKeys_StopAuthenticating()
        {
            // Arrange
            await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
            t.Server!.Store.AddUser("v@example.com", "victim", "proxy_admin");
            var key = t.Server.Store.CreateKey("victim");

            // Act
            using var _ = await t.PostAsync("/user/delete", new { user_ids = new[] { "victim" } });
            using var after = await t.GetAsync("/user/list", key: key);

            // Assert
            after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await after.JsonAsync()).Error().Str("type").ShouldBe("token_not_found_in_db");
        }
    }
}
