using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Invoke;

/// <summary>A platform whose only worker holds three environments, so its tests can fill it.</summary>
public sealed class CapacityFixture : IAsyncLifetime
{
    public const int Slots = 3;

    public CapacityFixture()
    {
        Platform.Options.ConfigureWorker = static worker =>
        {
            worker.Environments.StemCells = 0;
            worker.Environments.MaxEnvironments = Slots;
        };
        Platform.Options.ConfigureScheduler = static scheduler =>
        {
            scheduler.Pools.LeaseIdleTimeout = TimeSpan.FromMilliseconds(300);
            scheduler.Pools.CapacityPollInterval = TimeSpan.FromMilliseconds(250);
        };
    }

    public PlatformFixture Platform { get; } = new();

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}
