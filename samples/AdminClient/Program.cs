// A tour of LiteLlm.Admin: list users over all pages, delete some, handle failures, cancel.
//
//   dotnet run --project samples/AdminClient                        # against an in-process sandbox
//   LITELLM_BASE_URL=https://litellm.example.com LITELLM_MASTER_KEY=sk-... \
//     dotnet run --project samples/AdminClient -- --email-like @old.example.com [--delete]
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Sandbox;

var emailLike = args.SkipWhile(a => a != "--email-like").Skip(1).FirstOrDefault() ?? "@old.example.com";
var delete = args.Contains("--delete");

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var baseUrl = Environment.GetEnvironmentVariable("LITELLM_BASE_URL");
var key = Environment.GetEnvironmentVariable("LITELLM_MASTER_KEY");
SandboxServer? sandbox = null;
if (string.IsNullOrEmpty(baseUrl) || string.IsNullOrEmpty(key))
{
    // No proxy given: rehearse against the sandbox, seeded with a few users.
    key = "sk-sample-master-key";
    sandbox = await SandboxServer.StartAsync(new SandboxOptions { MasterKey = key }, cts.Token);
    foreach (var i in Enumerable.Range(1, 5))
    {
        sandbox.Store.AddUser($"person{i}{(i % 2 == 0 ? "@old.example.com" : "@example.com")}", $"u-{i}");
    }

    baseUrl = sandbox.BaseAddress.AbsoluteUri;
    delete = true;
    Console.WriteLine($"No LITELLM_BASE_URL/LITELLM_MASTER_KEY: using an in-process sandbox at {baseUrl}");
}

try
{
    using var client = new LiteLlmAdminClient(new Uri(baseUrl), key, new LiteLlmAdminClientOptions { ChangedBy = Environment.UserName });

    // 1. List: every page in user_id order. The server's email filter is a substring match.
    var matches = new List<LiteLlmUser>();
    await foreach (var user in client.Users.GetUsersAsync(new UserQuery { UserEmail = emailLike }, cts.Token))
    {
        Console.WriteLine($"  {user.UserId,-12} {user.UserEmail,-30} {user.UserRole}");
        matches.Add(user);
    }

    Console.WriteLine($"{matches.Count} users match '{emailLike}' on {client.Endpoint}");
    if (!delete || matches.Count == 0)
    {
        return 0;
    }

    // 2. Delete: one outcome per id, in order; the route is probed once (v1 bulk or /user/delete).
    var routes = await client.Users.GetRoutesAsync(cts.Token);
    Console.WriteLine($"Deleting with {UserWriteRoutes.DeletePath(routes.DeleteRoute(UserWriteRoute.Auto))}");
    var outcomes = await client.Users.DeleteManyAsync([.. matches.Select(u => u.UserId)], cancellationToken: cts.Token);
    foreach (var outcome in outcomes)
    {
        var line = outcome.Status == UserDeleteStatus.Failed
            ? $"failed: {outcome.Failure?.ServerMessage ?? outcome.Failure?.Message}{(outcome.Hint is null ? string.Empty : " (" + outcome.Hint + ")")}"
            : outcome.Status.ToString();
        Console.WriteLine($"  {outcome.UserId}: {line}");
    }

    Console.WriteLine($"{client.Statistics.RequestsSent} requests, {client.Statistics.Retries} retries");
    return outcomes.Any(o => o.Status == UserDeleteStatus.Failed) ? 2 : 0;
}
catch (LiteLlmRequestFailedException e) when (e.IsFatal)
{
    // 401, a 403 for the whole request, no database, nothing listening: stop. The key is scrubbed.
    Console.Error.WriteLine($"Cannot work with this proxy: {e.Message}");
    return 3;
}
catch (LiteLlmRequestFailedException e)
{
    Console.Error.WriteLine($"Request failed: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
finally
{
    if (sandbox is not null)
    {
        await sandbox.DisposeAsync();
    }
}
