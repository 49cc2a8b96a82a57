using Faas.Gateway.Async;

namespace Faas.Gateway.Tests.Async;

public sealed class PartitionProgressTests
{
    [Fact]
    public void TakeCommittable_LaterRecordsDoneFirst_StaysAtTheLowestInFlight()
    {
        var progress = new PartitionProgress();
        foreach (var offset in new long[] { 10, 11, 12 })
        {
            progress.Started(offset);
        }

        progress.Completed(11);
        progress.Completed(12);

        Assert.Equal(10, progress.TakeCommittable());
        Assert.Null(progress.TakeCommittable());
    }

    [Fact]
    public void TakeCommittable_EverythingDone_OnePastTheHighestConsumed()
    {
        var progress = new PartitionProgress();
        progress.Started(5);
        progress.Started(6);
        progress.Completed(6);
        var whileFiveRuns = progress.TakeCommittable();

        progress.Completed(5);

        Assert.Equal(5, whileFiveRuns);
        Assert.Equal(7, progress.TakeCommittable());
        Assert.Equal(0, progress.InFlight);
    }

    [Fact]
    public void TakeCommittable_NothingConsumed_Null()
    {
        Assert.Null(new PartitionProgress().TakeCommittable());
    }
}
