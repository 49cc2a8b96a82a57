using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Invoke;

/// <summary>
/// A platform of its own whose pools act within seconds: short keep-alive, idle leases handed back quickly, fast
/// worker polls. Its tests watch environments come and go on the workers.
/// </summary>
public sealed class PoolFixture : IAsyncLifetime
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(2);

    public PoolFixture()
    {
        Platform.Options.ConfigureScheduler = scheduler =>
        {
            scheduler.Pools.KeepAlive = KeepAlive;
            scheduler.Pools.LeaseIdleTimeout = TimeSpan.FromMilliseconds(500);
            scheduler.Pools.MaintenanceInterval = TimeSpan.FromMilliseconds(200);
            scheduler.Pools.CapacityPollInterval = TimeSpan.FromMilliseconds(500);
        };
    }

    public PlatformFixture Platform { get; } = new();

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}
