using Faas.Scheduler.Scaling;

namespace Faas.Scheduler.Tests.Scaling;

public sealed class AsyncDemandPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BacklogKey A = new("a", "$LATEST");
    private static readonly BacklogKey B = new("b", "$LATEST");

    [Fact]
    public void Decide_BacklogRises_UpAtOnce()
    {
        var policy = Policy();

        policy.Decide(Wanted((A, 2)), Cap(10), Start);
        var decided = policy.Decide(Wanted((A, 6)), Cap(10), Start.AddSeconds(1));

        Assert.Equal(6, decided[A]);
    }

    [Fact]
    public void Decide_FunctionLeavesBacklog_HeldForTheWindowThenZeroAndForgotten()
    {
        var policy = Policy();
        policy.Decide(Wanted((A, 5), (B, 1)), Cap(10), Start);

        var held = policy.Decide(Wanted((B, 1)), Cap(10), Start.AddSeconds(30));
        var zero = policy.Decide(Wanted((B, 1)), Cap(10), Start.AddSeconds(61));
        var after = policy.Decide(Wanted((B, 1)), Cap(10), Start.AddSeconds(62));

        Assert.Equal(5, held[A]);
        Assert.Equal(0, zero[A]);
        Assert.DoesNotContain(A, after.Keys);
        Assert.DoesNotContain(A, policy.Held);
        Assert.Equal(1, after[B]);
    }

    [Fact]
    public void Decide_CapLowered_AppliesAtOnceToWhatTheWindowHolds()
    {
        var policy = Policy();
        policy.Decide(Wanted((A, 8)), Cap(10), Start);

        var decided = policy.Decide(Wanted((A, 8)), Cap(3), Start.AddSeconds(1));
        var deleted = policy.Decide(Wanted(), Cap(0), Start.AddSeconds(2));

        Assert.Equal(3, decided[A]);
        Assert.Equal(0, deleted[A]);
    }

    private static AsyncDemandPolicy Policy() => new(new ScalingOptions { StabilizationWindow = TimeSpan.FromSeconds(60) });

    private static Func<string, int> Cap(int cap) => _ => cap;

    private static Dictionary<BacklogKey, int> Wanted(params (BacklogKey Key, int Environments)[] wanted) => wanted.ToDictionary(static w => w.Key, static w => w.Environments);
}
