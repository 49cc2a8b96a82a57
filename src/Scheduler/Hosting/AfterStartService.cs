using Microsoft.Extensions.Hosting;

namespace Faas.Scheduler.Hosting;

/// <summary>
/// Work a silo does once its host has started (grain calls need the silo up, and a host that fails to start never
/// runs it); stopping the host cancels it and waits for it to end.
/// </summary>
internal abstract class AfterStartService(IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private volatile Task? _run;
    private CancellationTokenRegistration _started;

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() => _run = RunAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _started.Dispose();
        _stopping.Dispose();
    }

    /// <summary>The work, run once after the host started; <paramref name="stopping"/> is cancelled when it stops.</summary>
    protected abstract Task RunAsync(CancellationToken stopping);
}
