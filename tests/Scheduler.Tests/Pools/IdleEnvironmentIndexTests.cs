using Faas.Scheduler.Pools;

namespace Faas.Scheduler.Tests.Pools;

public sealed class IdleEnvironmentIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Oldest_LeastRecentlyUsedFirstAcrossFunctions()
    {
        var index = new IdleEnvironmentIndex();
        index.Add(new IdleEnvironment("b", "w1", "f2", Start.AddSeconds(2)));
        index.Add(new IdleEnvironment("a", "w1", "f1", Start.AddSeconds(1)));
        index.Add(new IdleEnvironment("c", "w2", "f1", Start.AddSeconds(3)));

        Assert.Equal(["a", "b"], index.Oldest(2).Select(static e => e.EnvironmentId));
    }

    [Fact]
    public void Oldest_WithAFilter_SkipsWhatItRefuses()
    {
        var index = new IdleEnvironmentIndex();
        index.Add(new IdleEnvironment("a", "w1", "reserved", Start, Reserved: true));
        index.Add(new IdleEnvironment("b", "w1", "f1", Start.AddSeconds(1)));
        index.Add(new IdleEnvironment("c", "w1", "f2", Start.AddSeconds(2)));

        Assert.Equal(["b"], index.Oldest(1, static e => !e.Reserved).Select(static e => e.EnvironmentId));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void Add_Again_RefreshesItsAge()
    {
        var index = new IdleEnvironmentIndex();
        index.Add(new IdleEnvironment("a", "w1", "f1", Start));
        index.Add(new IdleEnvironment("b", "w1", "f1", Start.AddSeconds(1)));

        index.Add(new IdleEnvironment("a", "w1", "f1", Start.AddSeconds(2)));

        Assert.Equal(["b", "a"], index.Oldest(5).Select(static e => e.EnvironmentId));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Remove_AndRemoveWorker_Forget()
    {
        var index = new IdleEnvironmentIndex();
        index.Add(new IdleEnvironment("a", "w1", "f1", Start));
        index.Add(new IdleEnvironment("b", "w2", "f1", Start.AddSeconds(1)));
        index.Add(new IdleEnvironment("c", "w2", "f2", Start.AddSeconds(2)));

        index.Remove("a");
        index.RemoveWorker("w2");

        Assert.Equal(0, index.Count);
        Assert.Empty(index.Oldest(5));
    }
}
