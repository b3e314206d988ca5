using System.Runtime.InteropServices;
using LiteLlm.Users.Cli;

// The only place that touches the process: signals, console streams, environment.
using var stop = new CancellationTokenSource();
using var abort = new CancellationTokenSource();
var grace = TimeSpan.FromSeconds(10);

void Stop(string what)
{
    if (stop.IsCancellationRequested)
    {
        // A second signal: give up on requests in flight now.
        abort.Cancel();
        return;
    }

    Console.Error.WriteLine($"{what}: finishing requests in flight (up to {grace.TotalSeconds:0} s; press Ctrl+C again to abandon them)...");
    stop.Cancel();
    abort.CancelAfter(grace);
}

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Stop("Ctrl+C");
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    Stop("SIGTERM");
});

return await CliApp.RunAsync(args, Console.Out, Console.Error, CliEnvironment.FromProcess(), stop.Token, abort.Token);
