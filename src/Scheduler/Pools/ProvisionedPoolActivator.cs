using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Pools;

/// <summary>
/// After the silo starts, wakes the pool of every function that has provisioned concurrency, so its environments are
/// started again after a restart rather than on the function's next change. Runs once, in the background, after the
/// host has started (a host that fails to start never calls grains it is tearing down).
/// </summary>
internal sealed partial class ProvisionedPoolActivator(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<ProvisionedPoolActivator> logger)
    : AfterStartService(lifetime)
{
    private const int PageSize = 100;

    protected override async Task RunAsync(CancellationToken stopping)
    {
        var woken = 0;
        try
        {
            var index = grains.GetGrain<IFunctionIndexGrain>(IFunctionIndexGrain.Key);
            string? from = null;
            while (!stopping.IsCancellationRequested)
            {
                var page = await index.ListAsync(from, PageSize);
                foreach (var name in page.Names)
                {
                    stopping.ThrowIfCancellationRequested();
                    var plan = await grains.GetGrain<IFunctionGrain>(name).GetPoolPlanAsync();
                    if (plan.Provisioned.Any(static p => p.Count > 0))
                    {
                        await grains.GetGrain<IFunctionPoolGrain>(name).OnFunctionChangedAsync();
                        woken++;
                    }
                }

                if (!page.More || page.Names.Count == 0)
                {
                    break;
                }

                // Names are ordinal: continue just after the last one.
                from = page.Names[^1] + "\0";
            }

            if (woken > 0)
            {
                Log.PoolsWoken(logger, woken);
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
            // Stopping: grains may already be unreachable, and the next start wakes the pools again.
        }
    }
}
