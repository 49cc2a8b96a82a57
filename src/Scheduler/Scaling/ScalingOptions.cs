namespace Faas.Scheduler.Scaling;

/// <summary>Autoscaling on Kafka consumer lag, bound from <c>Scheduler:Scaling</c>.</summary>
public sealed class ScalingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Scheduler:Scaling";

    /// <summary>How often each watched target's lag is read and a decision made (at most 1 s keeps a scale-up within 2 s of the lag).</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Lag (records) one poller is expected to work off: desired pollers = ceil(total lag / this); the default is one default-sized batch (BatchSize 100) per poller.</summary>
    public long LagPerPoller { get; set; } = 100;

    /// <summary>Total lag (records) a target must exceed to be active; at or below it the target scales to zero after <see cref="IdleWindow"/> (KEDA's activationLagThreshold, default 0: any record activates).</summary>
    public long ActivationLag { get; set; }

    /// <summary>How long a lower decision must hold before pollers and environments are taken away (scale-up is immediate).</summary>
    public TimeSpan StabilizationWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a target must stay at or below <see cref="ActivationLag"/> before it scales to zero.</summary>
    public TimeSpan IdleWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest one lag read may take before the sample counts as failed.</summary>
    public TimeSpan SampleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node's report of its actual pollers counts before it expires.</summary>
    public TimeSpan ActualReportLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records read from each partition of the async-invocation topics with lag, from the dispatchers' committed offset,
    /// to tell whose invocations wait (the headers name the function); each function's count is scaled to the partition's lag.
    /// </summary>
    public int AsyncBacklogSample { get; set; } = 200;

    /// <summary>Most records one backlog sample reads over all partitions (largest lag first).</summary>
    public int AsyncBacklogSampleTotal { get; set; } = 2000;

    /// <summary>Longest one backlog sample reads; partitions not finished by then count what was read.</summary>
    public TimeSpan AsyncBacklogSampleTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most warm environments the async backlog asks for one function (its reserved concurrency, when lower, applies too).</summary>
    public int AsyncMaxEnvironmentsPerFunction { get; set; } = 100;
}
