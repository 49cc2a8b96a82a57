namespace Faas.Platform.Tests.Invoke;

/// <summary>
/// A platform whose only worker holds three environments and whose gateway keeps idle leases for minutes, so its
/// tests can fill the worker with environments a gateway holds idle.
/// </summary>
public sealed class FloorCapacityFixture : CapacityFixture
{
    // Far beyond any test: only a recall brings an idle lease back to its pool.
    public FloorCapacityFixture()
        : base(TimeSpan.FromMinutes(10))
    {
    }
}
