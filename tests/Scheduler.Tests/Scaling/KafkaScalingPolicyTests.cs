using Faas.Scheduler.Scaling;

namespace Faas.Scheduler.Tests.Scaling;

public sealed class KafkaScalingPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decide_LagAboveThreshold_OnePollerPerLagPerPollerRoundedUp()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(250, partitions: 8, busy: 3), Bounds(), Start);

        Assert.Equal(3, decision.DesiredPollers);
        Assert.True(decision.Active);
        Assert.Contains("ceil(250/100)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NoLagFromZero_StaysAtZero()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(0, partitions: 4, busy: 0), Bounds(), Start);

        Assert.Equal(0, decision.DesiredPollers);
        Assert.Equal(0, decision.DesiredEnvironments);
        Assert.False(decision.Active);
    }

    [Fact]
    public void Decide_LagAtActivationThreshold_DoesNotActivate()
    {
        var policy = Policy(o => o.ActivationLag = 50);

        var below = policy.Decide(Lag(50, partitions: 4, busy: 2), Bounds(), Start);
        var above = policy.Decide(Lag(51, partitions: 4, busy: 2), Bounds(), Start.AddSeconds(1));

        Assert.Equal(0, below.DesiredPollers);
        Assert.Equal(1, above.DesiredPollers);
    }

    [Fact]
    public void Decide_SmallLag_KeepsMinimumPollersWhileActive()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(1, partitions: 8, busy: 1), Bounds(minimum: 3), Start);

        Assert.Equal(3, decision.DesiredPollers);
    }

    [Fact]
    public void Decide_HugeLag_BoundedByPartitions()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(100_000, partitions: 4, busy: 4), Bounds(), Start);

        Assert.Equal(4, decision.DesiredPollers);
        Assert.Contains("partitions", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_HugeLag_BoundedByMaximumPollers()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(100_000, partitions: 16, busy: 16), Bounds(maximum: 5), Start);

        Assert.Equal(5, decision.DesiredPollers);
        Assert.Contains("maximum pollers", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ReservedConcurrency_BoundsPollersAndEnvironments()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(100_000, partitions: 16, busy: 16), Bounds(reserved: 3), Start);

        Assert.Equal(3, decision.DesiredPollers);
        Assert.Equal(3, decision.DesiredEnvironments);
    }

    [Fact]
    public void Decide_ReservedConcurrencyZero_NoPollers()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(500, partitions: 4, busy: 4), Bounds(reserved: 0), Start);

        Assert.Equal(0, decision.DesiredPollers);
        Assert.Equal(0, decision.DesiredEnvironments);
        Assert.Contains("reserved concurrency is 0", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_FewPollersManyBusyPartitions_OneEnvironmentPerBusyPartition()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(150, partitions: 8, busy: 6), Bounds(), Start);

        Assert.Equal(2, decision.DesiredPollers);
        Assert.Equal(6, decision.DesiredEnvironments);
    }

    [Fact]
    public void Decide_NotPerFunction_NoEnvironments()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(500, partitions: 8, busy: 8), Bounds(perFunction: false), Start);

        Assert.Equal(5, decision.DesiredPollers);
        Assert.Equal(0, decision.DesiredEnvironments);
    }

    [Fact]
    public void Decide_LagGrows_ScalesUpAtOnce()
    {
        var policy = Policy();
        policy.Decide(Lag(100, partitions: 8, busy: 1), Bounds(), Start);

        var decision = policy.Decide(Lag(700, partitions: 8, busy: 8), Bounds(), Start.AddSeconds(1));

        Assert.Equal(7, decision.DesiredPollers);
        Assert.Equal(Start.AddSeconds(1), decision.ChangedAt);
    }

    [Fact]
    public void Decide_LagFalls_HoldsUntilStabilizationWindowPassed()
    {
        var policy = Policy(o => o.StabilizationWindow = TimeSpan.FromSeconds(60));
        policy.Decide(Lag(800, partitions: 8, busy: 8), Bounds(), Start);

        var within = policy.Decide(Lag(200, partitions: 8, busy: 2), Bounds(), Start.AddSeconds(59));
        var after = policy.Decide(Lag(200, partitions: 8, busy: 2), Bounds(), Start.AddSeconds(61));

        Assert.Equal(8, within.DesiredPollers);
        Assert.Equal(8, within.DesiredEnvironments);
        Assert.Contains("stabilisation window", within.Reason, StringComparison.Ordinal);
        Assert.Equal(2, after.DesiredPollers);
        Assert.Equal(2, after.DesiredEnvironments);
    }

    [Fact]
    public void Decide_LoweredBound_AppliesAtOnceDespiteWindow()
    {
        var policy = Policy();
        policy.Decide(Lag(800, partitions: 8, busy: 8), Bounds(), Start);

        var decision = policy.Decide(Lag(800, partitions: 8, busy: 8), Bounds(reserved: 2), Start.AddSeconds(1));

        Assert.Equal(2, decision.DesiredPollers);
        Assert.Equal(2, decision.DesiredEnvironments);
    }

    [Fact]
    public void Decide_Drained_ScalesToZeroOnlyAfterIdleWindow()
    {
        var policy = Policy(o =>
        {
            o.StabilizationWindow = TimeSpan.FromSeconds(10);
            o.IdleWindow = TimeSpan.FromSeconds(30);
        });
        policy.Decide(Lag(300, partitions: 4, busy: 4), Bounds(), Start);

        var held = policy.Decide(Lag(0, partitions: 4, busy: 0), Bounds(), Start.AddSeconds(1));
        var floor = policy.Decide(Lag(0, partitions: 4, busy: 0), Bounds(), Start.AddSeconds(20));
        var zero = policy.Decide(Lag(0, partitions: 4, busy: 0), Bounds(), Start.AddSeconds(31));

        Assert.Equal(3, held.DesiredPollers);
        Assert.False(held.Active);
        Assert.Equal(1, floor.DesiredPollers);
        Assert.Equal(1, floor.DesiredEnvironments);
        Assert.Equal(0, zero.DesiredPollers);
        Assert.Equal(0, zero.DesiredEnvironments);
        Assert.Contains("scaled to zero", zero.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_LagReturnsWithinIdleWindow_IdleClockRestarts()
    {
        var policy = Policy(o =>
        {
            o.StabilizationWindow = TimeSpan.Zero;
            o.IdleWindow = TimeSpan.FromSeconds(30);
        });
        policy.Decide(Lag(100, partitions: 4, busy: 1), Bounds(), Start);
        policy.Decide(Lag(0, partitions: 4, busy: 0), Bounds(), Start.AddSeconds(1));
        policy.Decide(Lag(5, partitions: 4, busy: 1), Bounds(), Start.AddSeconds(25));

        var decision = policy.Decide(Lag(0, partitions: 4, busy: 0), Bounds(), Start.AddSeconds(40));

        Assert.Equal(1, decision.DesiredPollers);
    }

    [Fact]
    public void Decide_AfterZero_NewLagActivatesImmediately()
    {
        var policy = Policy(o => o.IdleWindow = TimeSpan.Zero);
        policy.Decide(Lag(400, partitions: 4, busy: 4), Bounds(), Start);
        var zero = policy.Decide(Lag(0, partitions: 4, busy: 0), Bounds(), Start.AddSeconds(1));

        var again = policy.Decide(Lag(150, partitions: 4, busy: 2), Bounds(), Start.AddSeconds(2));

        Assert.Equal(0, zero.DesiredPollers);
        Assert.Equal(2, again.DesiredPollers);
        Assert.Equal(2, again.DesiredEnvironments);
    }

    [Fact]
    public void Decide_NoPartitions_NoPollers()
    {
        var policy = Policy();

        var decision = policy.Decide(Lag(0, partitions: 0, busy: 0), Bounds(), Start);

        Assert.Equal(0, decision.DesiredPollers);
        Assert.Contains("no partitions", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeAndZeroSettings_NameTheKey()
    {
        var options = new ScalingOptions { LagPerPoller = 0, ActivationLag = -1, SampleInterval = TimeSpan.Zero };

        var result = new ScalingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Scaling:LagPerPoller", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Scaling:ActivationLag", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Scaling:SampleInterval", StringComparison.Ordinal));
    }

    private static KafkaScalingPolicy Policy(Action<ScalingOptions>? configure = null)
    {
        var options = new ScalingOptions { LagPerPoller = 100, ActivationLag = 0 };
        configure?.Invoke(options);
        return new KafkaScalingPolicy(options);
    }

    private static LagSample Lag(long total, int partitions, int busy) => new(total, partitions, busy);

    private static ScaleBounds Bounds(int minimum = 1, int maximum = 200, int? reserved = null, bool perFunction = true)
        => new(minimum, maximum, reserved, perFunction);
}
