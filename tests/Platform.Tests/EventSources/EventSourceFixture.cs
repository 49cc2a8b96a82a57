using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.EventSources;

/// <summary>
/// A platform of its own on an embedded Kafka broker the fixture owns (so topics and committed offsets outlive a
/// restart of the platform), with pollers that read their plans, retry and fail over in fractions of a second.
/// </summary>
public sealed class EventSourceFixture : BrokerPlatformFixture
{
    public EventSourceFixture()
    {
        Platform.Options.ConfigureGateway = gateway =>
        {
            gateway.EventSources.PlanInterval = TimeSpan.FromMilliseconds(300);
            // The lag scaler's poller count shows whole on one gateway (the default runs one poller per mapping).
            gateway.EventSources.MaxPollersPerMapping = 4;
            gateway.EventSources.SessionTimeout = TimeSpan.FromSeconds(6);
            gateway.EventSources.RetryDelay = TimeSpan.FromMilliseconds(200);
            gateway.EventSources.RetryMaxDelay = TimeSpan.FromSeconds(1);
            gateway.EventSources.ThrottleRetryDelay = TimeSpan.FromMilliseconds(100);
        };
    }
}

/// <summary>Event source tests share one platform and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EventSourceCollection : ICollectionFixture<EventSourceFixture>
{
    public const string Name = "EventSources";
}
