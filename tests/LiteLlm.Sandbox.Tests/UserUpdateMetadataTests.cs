using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>
/// Contract §3.6, what <c>disable</c>/<c>enable</c> rely on: <c>/user/update</c> drops an empty
/// <c>metadata</c> (<c>_update_internal_user_params</c> skips <c>{}</c>), so metadata can never be
/// emptied again; a non-empty object replaces it (<c>prepare_metadata_fields</c>), a key set to null included.
/// </summary>
public sealed class UserUpdateMetadataTests
{
    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task EmptyMetadataIsIgnored_AndAnObjectWithANullKeyReplacesIt(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        var id = (await t.CreateUserAsync(new { user_email = t.Email("tomb"), metadata = new { litellm_users_disabled = new { by = "ops" } } })).Str("user_id");

        // Act
        using var empty = await t.PostAsync("/user/update", new { user_id = id, metadata = new { } });
        var afterEmpty = (await (await t.GetAsync("/user/info?user_id=" + Uri.EscapeDataString(id))).JsonAsync()).GetProperty("user_info").GetProperty("metadata").GetRawText();
        using var tombstone = await t.PostAsync("/user/update", new { user_id = id, metadata = new Dictionary<string, object?> { ["litellm_users_disabled"] = null } });
        var afterTombstone = (await (await t.GetAsync("/user/info?user_id=" + Uri.EscapeDataString(id))).JsonAsync()).GetProperty("user_info").GetProperty("metadata").GetRawText();

        // Assert
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        afterEmpty.ShouldContain("\"by\":\"ops\"");
        tombstone.StatusCode.ShouldBe(HttpStatusCode.OK);
        afterTombstone.Replace(" ", string.Empty, StringComparison.Ordinal).ShouldBe("{\"litellm_users_disabled\":null}");
    }
}
