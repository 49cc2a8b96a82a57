using Faas.Scheduler.Pools;

namespace Faas.Scheduler.Tests.Pools;

public sealed class PoolOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new PoolOptionsValidator().Validate(null, new PoolOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NameEachKey()
    {
        var options = new PoolOptions
        {
            KeepAlive = TimeSpan.Zero,
            LeaseRenewInterval = TimeSpan.FromSeconds(30),
            HolderTimeout = TimeSpan.FromSeconds(40),
            LostAfterFailedPolls = 0,
        };

        var result = new PoolOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, static f => f.StartsWith("Scheduler:Pools:KeepAlive", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, static f => f.StartsWith("Scheduler:Pools:HolderTimeout", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, static f => f.StartsWith("Scheduler:Pools:LostAfterFailedPolls", StringComparison.Ordinal));
    }
}
