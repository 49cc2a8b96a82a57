using Faas.Gateway.Kafka;

namespace Faas.Platform.Tests.Common;

/// <summary>
/// A platform of its own on an embedded Kafka broker the fixture owns, outside the platform: kcat and mappings reach it
/// at its bootstrap address, and topics, committed offsets and queued events outlive a restart of the platform. A
/// derived fixture sets the platform's options in its constructor.
/// </summary>
public abstract class BrokerPlatformFixture : IAsyncLifetime
{
    protected BrokerPlatformFixture() => Platform.Options.EmbeddedKafka = Kafka;

    /// <summary>The broker, outside the platform.</summary>
    public EmbeddedKafkaBroker Kafka { get; } = EmbeddedKafkaBroker.Start();

    public PlatformFixture Platform { get; } = new();

    public Task InitializeAsync() => Platform.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        Kafka.Dispose();
    }
}
