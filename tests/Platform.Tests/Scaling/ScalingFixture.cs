using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Scaling;

/// <summary>
/// A platform of its own whose lag scaler samples often and waits briefly before scaling down, with a small lag per
/// poller so a backlog of a hundred records asks for several pollers.
/// </summary>
public sealed class ScalingFixture : IAsyncLifetime
{
    /// <summary>Records one poller is expected to work off.</summary>
    public const int LagPerPoller = 10;

    public ScalingFixture()
    {
        Platform.Options.ConfigureScheduler = scheduler =>
        {
            scheduler.Scaling.SampleInterval = TimeSpan.FromMilliseconds(250);
            scheduler.Scaling.LagPerPoller = LagPerPoller;
            scheduler.Scaling.StabilizationWindow = TimeSpan.FromSeconds(1);
            scheduler.Scaling.IdleWindow = TimeSpan.FromSeconds(2);
        };
    }

    public PlatformFixture Platform { get; } = new();

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}
