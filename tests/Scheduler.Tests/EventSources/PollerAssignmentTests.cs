using Faas.Scheduler.EventSources;

namespace Faas.Scheduler.Tests.EventSources;

public sealed class PollerAssignmentTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(2, 3)]
    [InlineData(0, 2)]
    [InlineData(10, 4)]
    public void ShareOf_EveryNode_SharesAddUpToTheTotalAndDifferByAtMostOne(int total, int nodes)
    {
        var live = Enumerable.Range(0, nodes).Select(static i => $"node-{i}").ToList();

        var shares = live.Select(node => PollerAssignment.ShareOf(node, live, total)).ToList();

        Assert.Equal(total, shares.Sum());
        Assert.InRange(shares.Max() - shares.Min(), 0, 1);
    }

    [Fact]
    public void ShareOf_NodeOrderDiffers_SameSplit()
    {
        string[] one = ["b", "a", "c"];
        string[] other = ["c", "b", "a"];

        Assert.Equal(one.Select(n => PollerAssignment.ShareOf(n, one, 4)), one.Select(n => PollerAssignment.ShareOf(n, other, 4)));
    }
}
