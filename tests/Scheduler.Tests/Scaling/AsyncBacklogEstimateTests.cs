using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Scaling;

namespace Faas.Scheduler.Tests.Scaling;

public sealed class AsyncBacklogEstimateTests
{
    private static readonly BacklogKey A = new("a", "$LATEST");
    private static readonly BacklogKey AProd = new("a", "prod");
    private static readonly BacklogKey B = new("b", "$LATEST");

    [Fact]
    public void Plan_PartitionsWithLag_ReadsFromCommittedOrLowWatermarkLargestLagFirstWithinBounds()
    {
        PartitionLag[] partitions =
        [
            new("t", 0, CommittedOffset: 10, LowWatermark: 0, HighWatermark: 15, Lag: 5),
            new("t", 1, CommittedOffset: null, LowWatermark: 7, HighWatermark: 507, Lag: 500),
            new("t", 2, CommittedOffset: 3, LowWatermark: 20, HighWatermark: 320, Lag: 300),
            new("t", 3, CommittedOffset: 40, LowWatermark: 0, HighWatermark: 40, Lag: 0),
        ];

        var plan = AsyncBacklogEstimate.Plan(partitions, perPartition: 200, total: 350);

        // Largest lag first; the committed offset below the low watermark reads from the low watermark; no lag, no read.
        Assert.Equal(
            [new SampleRange("t", 1, 7, 200, 500), new SampleRange("t", 2, 20, 150, 300)],
            plan);
    }

    [Fact]
    public void Plan_SmallLag_ReadsOnlyTheLag()
    {
        var plan = AsyncBacklogEstimate.Plan([new PartitionLag("t", 0, 10, 0, 15, 5)], perPartition: 200, total: 2000);

        Assert.Equal([new SampleRange("t", 0, 10, 5, 5)], plan);
    }

    [Fact]
    public void Extrapolate_SampleOfPartition_ScalesEachFunctionToTheLagAndAddsPartitions()
    {
        PartitionSample[] samples =
        [
            new(Lag: 1000, RecordsRead: 200, new Dictionary<BacklogKey, int> { [A] = 150, [B] = 50 }),
            new(Lag: 30, RecordsRead: 30, new Dictionary<BacklogKey, int> { [B] = 29 }),
            new(Lag: 400, RecordsRead: 0, new Dictionary<BacklogKey, int>()),
        ];

        var estimate = AsyncBacklogEstimate.Extrapolate(samples);

        // 150/200 of 1000; 50/200 of 1000 plus 29 counted where everything was read; a partition not read adds nothing.
        Assert.Equal((750L, 150), estimate[A]);
        Assert.Equal((279L, 79), estimate[B]);
        Assert.Equal(2, estimate.Count);
    }

    [Fact]
    public void Extrapolate_FewRecordsOfAFunction_RoundsUpSoItIsNeverZero()
    {
        var estimate = AsyncBacklogEstimate.Extrapolate([new PartitionSample(Lag: 1000, RecordsRead: 300, new Dictionary<BacklogKey, int> { [A] = 1 })]);

        Assert.Equal(4, estimate[A].Estimated);
    }

    [Fact]
    public void Extrapolate_LagReadBeforeMoreArrived_NeverBelowWhatWasCounted()
    {
        var estimate = AsyncBacklogEstimate.Extrapolate([new PartitionSample(Lag: 10, RecordsRead: 25, new Dictionary<BacklogKey, int> { [A] = 25 })]);

        Assert.Equal(25, estimate[A].Estimated);
    }

    [Fact]
    public void Bound_BacklogAboveCap_CappedAndSharedAmongQualifiersLargestFirst()
    {
        var backlog = new Dictionary<BacklogKey, long> { [A] = 3, [AProd] = 40, [B] = 7 };
        var caps = new Dictionary<string, int> { ["a"] = 4, ["b"] = 100 };

        var bounded = AsyncBacklogEstimate.Bound(backlog, f => caps[f]);

        Assert.Equal(4, bounded[AProd]);
        Assert.Equal(0, bounded[A]);
        Assert.Equal(7, bounded[B]);
    }

    [Fact]
    public void Bound_DeletedFunction_Zero()
    {
        var bounded = AsyncBacklogEstimate.Bound(new Dictionary<BacklogKey, long> { [A] = 12 }, _ => 0);

        Assert.Equal(0, bounded[A]);
    }
}
