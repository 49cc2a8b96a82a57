using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Scaling;

/// <summary>
/// A platform of its own whose lag scaler samples often and waits briefly before scaling down, with a small lag per
/// poller so a backlog of a hundred records asks for several pollers. The embedded broker is the fixture's, so topics
/// and committed offsets outlive a restart of the platform.
/// </summary>
public sealed class ScalingFixture : BrokerPlatformFixture
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

            // The async backlog tests compare estimates with what they produced: a read cut short by its budget on a
            // busy machine would be extrapolated, which is right for a large backlog but not for a count.
            scheduler.Scaling.AsyncBacklogSampleTimeout = TimeSpan.FromSeconds(5);
        };
    }
}
