using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

internal sealed partial class KafkaPoller
{
    // Event ids 3410-3419 (next free: 3419).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3410, EventName = "EsmPollerStarted", Level = LogLevel.Information, Message = "Event source mapping '{Uuid}': poller joined consumer group '{ConsumerGroup}' on topic '{Topic}'.")]
        public static partial void PollerStarted(ILogger logger, string uuid, string consumerGroup, string topic);

        [LoggerMessage(EventId = 3411, EventName = "EsmPollerStopped", Level = LogLevel.Information, Message = "Event source mapping '{Uuid}': poller left its consumer group.")]
        public static partial void PollerStopped(ILogger logger, string uuid);

        [LoggerMessage(EventId = 3412, EventName = "EsmPollerFailed", Level = LogLevel.Error, Message = "Event source mapping '{Uuid}': the poller failed; its unsettled batches run again and a new consumer starts shortly.")]
        public static partial void PollerFailed(ILogger logger, string uuid, Exception exception);

        [LoggerMessage(EventId = 3413, EventName = "EsmConsumeFailed", Level = LogLevel.Warning, Message = "Event source mapping '{Uuid}': consuming failed ({Code}: {Reason}).")]
        public static partial void ConsumeFailed(ILogger logger, string uuid, string code, string reason);

        [LoggerMessage(EventId = 3414, EventName = "EsmCommitFailed", Level = LogLevel.Warning, Message = "Event source mapping '{Uuid}': committing offsets failed ({Reason}); the next commit carries them.")]
        public static partial void CommitFailed(ILogger logger, string uuid, string reason);

        [LoggerMessage(EventId = 3415, EventName = "EsmPartitionsAssigned", Level = LogLevel.Information, Message = "Event source mapping '{Uuid}': poller assigned {Partitions}.")]
        public static partial void Assigned(ILogger logger, string uuid, string partitions);

        [LoggerMessage(EventId = 3416, EventName = "EsmBatchFailedUnexpectedly", Level = LogLevel.Error,
            Message = "Event source mapping '{Uuid}': the batch at {Position} failed unexpectedly; it stays unsettled and is tried again shortly.")]
        public static partial void BatchFailedUnexpectedly(ILogger logger, string uuid, string position, Exception exception);

        [LoggerMessage(EventId = 3417, EventName = "EsmPollerClientError", Level = LogLevel.Warning, Message = "Event source mapping '{Uuid}': Kafka client error ({Code}: {Reason}).")]
        public static partial void ClientError(ILogger logger, string uuid, string code, string reason);

        [LoggerMessage(EventId = 3418, EventName = "EsmPollerClientLog", Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
        public static partial void ClientLog(ILogger logger, string level, string facility, string message);
    }
}
