using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Scaling;

/// <summary>
/// After the silo starts, wakes the scaler of every watched target, so sampling resumes after a restart without
/// waiting for the target's owner to call again. Runs once, in the background, after the host has started.
/// </summary>
internal sealed partial class ScalerActivator(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<ScalerActivator> logger)
    : AfterStartService(lifetime)
{
    protected override async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var ids = await grains.GetGrain<IKafkaScalerIndexGrain>(IKafkaScalerIndexGrain.Key).ListAsync();
            var woken = 0;
            foreach (var id in ids)
            {
                stopping.ThrowIfCancellationRequested();

                // Activation starts the sampling timer of a stored target; an id left without one answers null.
                if (await grains.GetGrain<IKafkaScalerGrain>(id).GetStatusAsync() is not null)
                {
                    woken++;
                }
            }

            if (woken > 0)
            {
                Log.ScalersWoken(logger, woken);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            Log.WakeFailed(logger, ex);
        }
        catch (Exception)
        {
            // Stopping: grains may already be unreachable, and the next start wakes the scalers again.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2431, EventName = "ScalersWoken", Level = LogLevel.Information,
            Message = "Scaling on lag resumed for {Count} watched targets.")]
        public static partial void ScalersWoken(ILogger logger, int count);

        [LoggerMessage(EventId = 2432, EventName = "ScalersWakeFailed", Level = LogLevel.Error,
            Message = "Waking the lag scalers failed; each resumes when its target's owner registers it again.")]
        public static partial void WakeFailed(ILogger logger, Exception exception);
    }
}
