using Microsoft.Extensions.Hosting;

namespace Faas.Gateway.Hosting;

/// <summary>
/// Background work that calls grains waits for the whole host to have started: a host whose start fails (a port in
/// use) is disposed under services already running, and their grain calls would then fail noisily instead of ending.
/// </summary>
internal static class HostStart
{
    /// <summary>Completes when the host has started; throws <see cref="OperationCanceledException"/> when stopping first.</summary>
    public static async Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }
}
