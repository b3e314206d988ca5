using LiteLlm.Admin.Users;

namespace LiteLlm.Admin.Tests;

public class LiteLlmRetryTests
{
    [Fact]
    public void UsesRetryAfterWhenGivenCappedAtTheMaximum()
    {
        var settings = new RetrySettings { MaxDelay = TimeSpan.FromSeconds(10) };

        LiteLlmRetry.ComputeDelay(settings, 0, TimeSpan.FromSeconds(3)).ShouldBe(TimeSpan.FromSeconds(3));
        LiteLlmRetry.ComputeDelay(settings, 0, TimeSpan.FromMinutes(5)).ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void BacksOffExponentiallyWithFullJitterUnderTheCap()
    {
        var settings = new RetrySettings { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

        for (var i = 0; i < 200; i++)
        {
            LiteLlmRetry.ComputeDelay(settings, 2, null).ShouldBeInRange(TimeSpan.Zero, TimeSpan.FromMilliseconds(400));
            LiteLlmRetry.ComputeDelay(settings, 20, null).ShouldBeInRange(TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
    }
}

public class UsersClientQueryTests
{
    [Fact]
    public void SendsStableSortAndEncodesValues()
    {
        var query = UsersClient.BuildQuery(new UserQuery { UserEmail = "a+b@x.com", UserIds = ["u1", "u2"] }, 3);

        query.ShouldBe("user_ids=u1%2Cu2&user_email=a%2Bb%40x.com&sort_by=user_id&sort_order=asc&page=3&page_size=100");
    }
}
