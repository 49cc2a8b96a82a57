using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Kafka;

public sealed partial class KafkaConnection
{
    // Event ids 3951-3959 (next free: 3956).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3951, EventName = "UsingEmbeddedKafka", Level = LogLevel.Information,
            Message = "No Kafka brokers are configured: using the embedded in-process broker at {BootstrapServers}; its data does not outlive this process.")]
        public static partial void UsingEmbeddedBroker(ILogger logger, string bootstrapServers);

        [LoggerMessage(EventId = 3952, EventName = "UsingKafka", Level = LogLevel.Information, Message = "Using the Kafka brokers at {BootstrapServers}.")]
        public static partial void UsingBrokers(ILogger logger, string bootstrapServers);

        [LoggerMessage(EventId = 3953, EventName = "KafkaTopicCreated", Level = LogLevel.Information, Message = "Created Kafka topic '{Topic}' with {Partitions} partitions.")]
        public static partial void TopicCreated(ILogger logger, string topic, int partitions);

        [LoggerMessage(EventId = 3954, EventName = "KafkaTopicCreationFailed", Level = LogLevel.Warning,
            Message = "Could not create Kafka topic '{Topic}' ({Reason}); relying on the brokers to create it on first use.")]
        public static partial void TopicCreationFailed(ILogger logger, string topic, string reason);

        [LoggerMessage(EventId = 3955, EventName = "KafkaClientLog", Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
        public static partial void ClientLog(ILogger logger, string facility, string message);
    }
}
