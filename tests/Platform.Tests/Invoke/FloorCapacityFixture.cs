using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Invoke;

/// <summary>
/// A platform whose only worker holds three environments and whose gateway keeps idle leases for minutes, so its
/// tests can fill the worker with environments a gateway holds idle.
/// </summary>
public sealed class FloorCapacityFixture : IAsyncLifetime
{
    public const int Slots = 3;

    public FloorCapacityFixture()
    {
        Platform.Options.ConfigureWorker = static worker =>
        {
            worker.Environments.StemCells = 0;
            worker.Environments.MaxEnvironments = Slots;
        };
        Platform.Options.ConfigureScheduler = static scheduler =>
        {
            // Far beyond any test: only a recall brings an idle lease back to its pool.
            scheduler.Pools.LeaseIdleTimeout = TimeSpan.FromMinutes(10);
            scheduler.Pools.CapacityPollInterval = TimeSpan.FromMilliseconds(250);
        };
    }

    public PlatformFixture Platform { get; } = new();

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}
