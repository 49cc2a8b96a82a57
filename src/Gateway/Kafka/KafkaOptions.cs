namespace Faas.Gateway.Kafka;

/// <summary>The Kafka cluster the platform uses, bound from the <c>Kafka</c> configuration section.</summary>
public sealed class KafkaOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated <c>host:port</c> of the brokers; empty uses the embedded in-process broker (single node only, in memory).</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Further librdkafka properties given to every client, e.g. <c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];

    /// <summary>Replication factor of the topics the platform creates; -1 takes the brokers' default.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>How long creating a topic may take before the platform falls back to the brokers' auto-creation.</summary>
    public TimeSpan TopicCreationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
