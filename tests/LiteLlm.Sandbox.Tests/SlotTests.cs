using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>The "slots" cap: proven by counting concurrent holders, not by timing.</summary>
public sealed class SlotTests
{
    [Fact]
    public async Task MaxConcurrentRequests_CapsConcurrentServingAndQueuesTheRest()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { MaxConcurrentRequests = 2, BaseLatencyMs = 150 });

        // Act
        var calls = Enumerable.Range(0, 8).Select(_ => t.GetAsync("/user/list")).ToList();
        var responses = await Task.WhenAll(calls);

        // Assert
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        t.Server!.PeakConcurrentRequests.ShouldBe(2);
        t.Server.ConcurrentRequests.ShouldBe(0);
        t.Server.Journal.Entries.Count.ShouldBe(8);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task WithoutACap_RequestsOverlapFreely()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { BaseLatencyMs = 300 });

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => t.GetAsync("/health/readiness")));

        // Assert
        t.Server!.PeakConcurrentRequests.ShouldBeGreaterThan(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ErrorResponses_AlsoHoldASlot()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { MaxConcurrentRequests = 1, BaseLatencyMs = 100 });

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => t.GetAsync("/user/list", key: "")));

        // Assert
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Unauthorized);
        t.Server!.PeakConcurrentRequests.ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
