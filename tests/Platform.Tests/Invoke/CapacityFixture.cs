using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Invoke;

/// <summary>A platform whose only worker holds three environments, so its tests can fill it.</summary>
public class CapacityFixture : IAsyncLifetime
{
    public const int Slots = 3;

    public CapacityFixture()
        : this(TimeSpan.FromMilliseconds(300))
    {
    }

    /// <param name="leaseIdleTimeout">How long the gateway keeps an idle lease before it goes back to its pool.</param>
    protected CapacityFixture(TimeSpan leaseIdleTimeout)
    {
        Platform.Options.ConfigureWorker = static worker =>
        {
            worker.Environments.StemCells = 0;
            worker.Environments.MaxEnvironments = Slots;
        };
        Platform.Options.ConfigureScheduler = scheduler =>
        {
            scheduler.Pools.LeaseIdleTimeout = leaseIdleTimeout;
            scheduler.Pools.CapacityPollInterval = TimeSpan.FromMilliseconds(250);
        };
    }

    public PlatformFixture Platform { get; } = new();

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}
