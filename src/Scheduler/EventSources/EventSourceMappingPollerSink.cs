using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Scaling;

namespace Faas.Scheduler.EventSources;

/// <summary>Hands the lag scaler's poller count of an event source mapping to the mapping, which divides it among gateways.</summary>
internal sealed class EventSourceMappingPollerSink(IGrainFactory grains) : IScaleDecisionSink
{
    public Task ApplyAsync(KafkaScaleTarget target, KafkaScaleDecision decision, CancellationToken cancellationToken) =>
        target.Kind == KafkaScaleTargetKind.EventSourceMapping
            ? grains.GetGrain<IEventSourceMappingGrain>(target.Id).SetDesiredPollersAsync(decision.DesiredPollers)
            : Task.CompletedTask;
}
