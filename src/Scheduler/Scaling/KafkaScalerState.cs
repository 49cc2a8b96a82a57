using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Scaling;

/// <summary>What a scaler grain stores: the target it watches, so watching resumes after a restart.</summary>
[GenerateSerializer]
internal sealed class KafkaScalerState
{
    [Id(0)] public KafkaScaleTarget? Target { get; set; }
}
