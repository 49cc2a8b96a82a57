using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Scaling;

/// <summary>
/// Receives the lag scaler's decisions for the targets it knows how to scale (each sink ignores the others): the
/// consumers' owner sets its poller count from <see cref="KafkaScaleDecision.DesiredPollers"/>. Called when the number
/// changes and again every few seconds while it is above zero, so an owner that restarted catches up; sinks are
/// registered as a set (<c>TryAddEnumerable</c>).
/// </summary>
internal interface IScaleDecisionSink
{
    Task ApplyAsync(KafkaScaleTarget target, KafkaScaleDecision decision, CancellationToken cancellationToken);
}
