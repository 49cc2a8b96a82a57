using System.Collections.Concurrent;
using Faas.Gateway.Hosting;
using Faas.Gateway.Kafka;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

/// <summary>
/// Keeps this gateway's share of every event source mapping's pollers running. Every <c>PlanInterval</c> it lists
/// the mappings, asks each one's grain for this node's plan (which renews the node's claim; the grain divides the
/// mapping's pollers among the nodes that keep asking), and starts or stops pollers to match: a disabled or deleted
/// mapping's pollers stop, a new or re-enabled one's start, a configuration change reaches the running pollers.
/// </summary>
internal sealed partial class EventSourcePollers(
    IGrainFactory grains,
    KafkaBatchProcessor processor,
    KafkaOptions kafka,
    GatewayOptions gatewayOptions,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<EventSourcePollers> logger) : BackgroundService
{
    private readonly EventSourceOptions _options = gatewayOptions.EventSources;
    private readonly Dictionary<string, MappingPollers> _mappings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reported = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);

    /// <summary>This gateway's id in the poller plans.</summary>
    public string NodeId { get; } = string.IsNullOrEmpty(gatewayOptions.EventSources.NodeId)
        ? $"{Environment.MachineName}-{Guid.NewGuid():N}"
        : gatewayOptions.EventSources.NodeId;

    /// <summary>Pollers this gateway runs for a mapping now (for tests and diagnostics).</summary>
    public int PollersOf(string uuid) => _running.GetValueOrDefault(uuid);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await HostStart.WaitAsync(lifetime, stoppingToken);
            Log.Started(logger, NodeId);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The scheduler unreachable: pollers keep running as they are and the next round tries again.
                    Log.PlanFailed(logger, exception);
                }

                await Task.Delay(_options.PlanInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, possibly before the host finished starting: a normal end.
        }
        finally
        {
            // The host is stopping: batches in flight are abandoned (uncommitted) and read again after the restart.
            await Task.WhenAll(_mappings.Values.Select(static pollers => pollers.StopAsync(abandon: true)));
            _mappings.Clear();
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var uuids = await grains.GetGrain<IEventSourceMappingIndexGrain>(IEventSourceMappingIndexGrain.Key).ListAsync(null, null);
        foreach (var uuid in uuids)
        {
            var grain = grains.GetGrain<IEventSourceMappingGrain>(uuid);
            _mappings.TryGetValue(uuid, out var pollers);
            if (pollers is not null && pollers.LastResult != _reported.GetValueOrDefault(uuid))
            {
                await grain.ReportProcessingResultAsync(pollers.LastResult);
                _reported[uuid] = pollers.LastResult;
            }

            var plan = await grain.GetPollerPlanAsync(NodeId, pollers?.PartitionCount ?? 0);
            if (plan.Mapping is not { } mapping)
            {
                await RemoveAsync(uuid);
                continue;
            }

            if (pollers is null)
            {
                if (plan.Pollers == 0)
                {
                    continue;
                }

                pollers = new MappingPollers(mapping, processor, kafka, _options, time, logger);
                _mappings[uuid] = pollers;
                _reported[uuid] = mapping.LastProcessingResult;
            }

            pollers.Update(mapping);
            var run = Math.Min(plan.Pollers, _options.MaxPollersPerMapping);
            if (pollers.Pollers != run)
            {
                Log.Scaled(logger, uuid, pollers.Pollers, run, plan.DesiredTotal);
            }

            pollers.Scale(run);
            _running[uuid] = run;
            await pollers.RefreshPartitionsAsync(cancellationToken);

            // The lag scaler shows what runs (it forgets a node that stops reporting).
            await grains.GetGrain<IKafkaScalerGrain>(uuid).ReportActualAsync(NodeId, run);
        }

        foreach (var gone in _mappings.Keys.Except(uuids).ToList())
        {
            await RemoveAsync(gone);
        }
    }

    private async Task RemoveAsync(string uuid)
    {
        _running.TryRemove(uuid, out _);
        if (_mappings.Remove(uuid, out var pollers))
        {
            Log.Scaled(logger, uuid, pollers.Pollers, 0, 0);
            await pollers.StopAsync(abandon: false);
        }

        _reported.Remove(uuid);
    }
}
