using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Contract §3.9: <c>/management/v1/users/bulk_delete</c> and <c>/management/v1/users/bulk</c>.</summary>
public sealed class ManagementV1Tests
{
    private static Task<ContractTarget> OpenAsync() =>
        ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { EnableManagementV1 = true });

    public sealed class BulkDelete
    {
        [Fact]
        public async Task ReportsEveryRowInRequestOrder()
        {
            // Arrange
            await using var t = await OpenAsync();
            var store = t.Server!.Store;
            store.AddUser(new SandboxUserSeed { UserId = "a", UserEmail = "a@example.com", Teams = ["t1", "t2"] });
            store.AddUser("b@example.com", "b");

            // Act
            using var response = await t.PostAsync("/management/v1/users/bulk_delete", new { user_ids = new[] { "b", "missing", "a", "b" } });
            var rows = (await response.JsonAsync()).GetProperty("data").EnumerateArray().ToList();

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            rows.Select(r => r.Str("user_id")).ShouldBe(["b", "missing", "a", "b"]);
            rows.Select(r => r.GetProperty("success").GetBoolean()).ShouldBe([true, false, true, false]);
            rows[1].Str("error").ShouldBe("User id=missing not found");
            rows[3].Str("error").ShouldBe("Duplicate user_id in request: b");
            rows[2].GetProperty("teams_removed").Strings().ShouldBe(["t1", "t2"]);
            rows[2].Str("user_email").ShouldBe("a@example.com");
            store.UserCount.ShouldBe(0);
            store.Deletions.Count.ShouldBe(2);
        }

        [Theory]
        [InlineData("{\"user_ids\":[\"a\"],\"dry_run\":true}", "dry_run: Extra inputs are not permitted")]
        [InlineData("{\"user_ids\":[]}", "user_ids: List should have at least 1 item after validation, not 0")]
        [InlineData("{}", "user_ids: Field required")]
        [InlineData("{\"user_ids\":[1]}", "user_ids.0: Input should be a valid string")]
        [InlineData("{oops", "1: JSON decode error")]
        public async Task InvalidBody_Answers422Problem(string body, string detail)
        {
            // Arrange
            await using var t = await OpenAsync();

            // Act
            using var response = await t.SendAsync(HttpMethod.Post, "/management/v1/users/bulk_delete", rawBody: body);
            var problem = await response.JsonAsync();

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            problem.Str("type").ShouldBe("urn:litellm:error:invalid-request-body");
            problem.Str("title").ShouldBe("Invalid request body");
            problem.GetProperty("status").GetInt32().ShouldBe(422);
            problem.Str("detail").ShouldBe(detail);
        }

        [Fact]
        public async Task MoreThan500Ids_Answers422Problem()
        {
            // Arrange
            await using var t = await OpenAsync();

            // Act
            using var response = await t.PostAsync("/management/v1/users/bulk_delete", new { user_ids = Enumerable.Range(0, 501).Select(i => "u" + i) });

            // Assert
            (await response.JsonAsync()).Str("detail").ShouldBe("user_ids: List should have at most 500 items after validation, not 501");
        }

        [Fact]
        public async Task UnknownQueryParameter_Answers400Problem()
        {
            // Arrange
            await using var t = await OpenAsync();

            // Act
            using var response = await t.PostAsync("/management/v1/users/bulk_delete?force=true", new { user_ids = new[] { "a" } });
            var problem = await response.JsonAsync();

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            problem.Str("type").ShouldBe("urn:litellm:error:unknown-query-parameter");
            problem.Str("detail").ShouldBe("Unrecognized query parameter(s): force.");
            problem.GetProperty("allowed").GetArrayLength().ShouldBe(0);
        }

        [Fact]
        public async Task InternalUserKey_Answers401EnvelopeBecauseAuthRunsFirst()
        {
            // Arrange
            await using var t = await OpenAsync();
            t.Server!.Store.AddUser("iu@example.com", "iu-user-1");
            var key = t.Server.Store.CreateKey("iu-user-1");

            // Act
            using var response = await t.PostAsync("/management/v1/users/bulk_delete", new { user_ids = new[] { "iu-user-1" } }, key: key);

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await response.JsonAsync()).Error().Str("code").ShouldBe("401");
        }
    }

    public sealed class BulkCreate
    {
        [Fact]
        public async Task CreatesValidRowsAndReportsBadOnes()
        {
            // Arrange
            await using var t = await OpenAsync();
            var store = t.Server!.Store;
            store.CreateTeam("team-1");
            store.AddUser("taken@example.com", "taken");

            // Act
            using var response = await t.PostAsync("/management/v1/users/bulk", new
            {
                users = new object[]
                {
                    new { user_id = "n1", user_email = "n1@example.com", teams = new[] { "team-1" }, auto_create_key = true },
                    new { user_id = "n2", user_email = "TAKEN@example.com" },
                    new { user_id = "n3", user_email = "N1@example.com" },
                    new { user_id = "n4", teams = new[] { "team-404" } },
                    new { user_id = "n5" },
                },
            });
            var body = await response.JsonAsync();
            var rows = body.GetProperty("data").EnumerateArray().ToList();

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            rows.Select(r => r.GetProperty("success").GetBoolean()).ShouldBe([true, false, false, false, true]);
            rows[0].Str("key").ShouldStartWith("sk-");
            rows[0].GetProperty("teams").Strings().ShouldBe(["team-1"]);
            rows[4].GetProperty("key").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
            rows[1].Str("error").ShouldBe("User email=TAKEN@example.com already exists");
            rows[2].Str("error").ShouldBe("Duplicate user_email in request: N1@example.com");
            rows[3].Str("error").ShouldBe("Team id=team-404 does not exist");
            body.GetProperty("meta").GetProperty("created").GetInt32().ShouldBe(2);
            body.GetProperty("meta").GetProperty("failed").GetInt32().ShouldBe(3);
            store.FindTeam("team-1")!.MembersWithRoles.Single().UserId.ShouldBe("n1");
        }

        [Fact]
        public async Task UnknownRowField_Answers422Problem()
        {
            // Arrange
            await using var t = await OpenAsync();

            // Act
            using var response = await t.PostAsync("/management/v1/users/bulk", new { users = new object[] { new { user_email = "a@example.com", send_invite_email = true } } });

            // Assert
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await response.JsonAsync()).Str("detail").ShouldBe("users.0.send_invite_email: Extra inputs are not permitted");
        }
    }
}
