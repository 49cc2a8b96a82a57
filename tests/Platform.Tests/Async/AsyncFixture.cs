using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Async;

/// <summary>
/// A platform of its own on an embedded Kafka broker the fixture owns, so queued events outlive a restart of the
/// platform; retries wait about a second instead of minutes.
/// </summary>
public sealed class AsyncFixture : BrokerPlatformFixture
{
    /// <summary>The delay before a second attempt (the third waits twice as long).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public AsyncFixture()
    {
        Platform.Options.ConfigureGateway = gateway =>
        {
            gateway.Async.RetryDelay = RetryDelay;
            gateway.Async.ThrottleRetryDelay = TimeSpan.FromMilliseconds(200);
            gateway.Async.ThrottleRetryMaxDelay = TimeSpan.FromSeconds(2);
            gateway.Async.CommitInterval = TimeSpan.FromMilliseconds(100);
            gateway.Async.SessionTimeout = TimeSpan.FromSeconds(6);
        };
    }
}
