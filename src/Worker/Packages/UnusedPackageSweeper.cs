using Microsoft.Extensions.Hosting;

namespace Faas.Worker.Packages;

/// <summary>
/// Removes what interrupted unpacks left at start, then periodically the unpacked packages no environment has used for
/// <see cref="PackageOptions.UnusedRetention"/>.
/// </summary>
internal sealed class UnusedPackageSweeper(PackageStore packages, WorkerOptions options, TimeProvider time) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        packages.RemoveLeftovers();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!PackageOptionsValidator.SweepEnabled(options.Packages))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Packages.SweepInterval, time);
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            // Removal failures are logged per folder by the store and retried on the next tick.
            packages.RemoveUnused(time.GetUtcNow());
        }
    }

    // False once stopping: a host that stops before it finished starting would report a cancelled wait as a failure.
    private static async ValueTask<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
