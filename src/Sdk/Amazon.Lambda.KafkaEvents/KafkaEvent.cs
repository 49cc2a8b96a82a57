using System.Collections.Generic;
using System.IO;

namespace Amazon.Lambda.KafkaEvents;

/// <summary>A batch of records from an Apache Kafka topic (self-managed Kafka or Amazon MSK) delivered by an event source mapping.</summary>
public class KafkaEvent
{
    /// <summary>The event source: <c>SelfManagedKafka</c> or <c>aws:kafka</c>.</summary>
    public string EventSource { get; set; }

    /// <summary>The ARN of the event source (Amazon MSK only).</summary>
    public string EventSourceArn { get; set; }

    /// <summary>The comma-separated list of bootstrap brokers (<c>host:port</c>).</summary>
    public string BootstrapServers { get; set; }

    /// <summary>The records, keyed by <c>topic-partition</c>.</summary>
    public IDictionary<string, IList<KafkaEventRecord>> Records { get; set; }

    /// <summary>One Kafka record.</summary>
    public class KafkaEventRecord
    {
        /// <summary>The topic the record was read from.</summary>
        public string Topic { get; set; }

        /// <summary>The partition the record was read from.</summary>
        public int Partition { get; set; }

        /// <summary>The record's offset within its partition.</summary>
        public long Offset { get; set; }

        /// <summary>The record timestamp, in milliseconds since the Unix epoch.</summary>
        public long Timestamp { get; set; }

        /// <summary>The timestamp type: <c>CREATE_TIME</c> or <c>LOG_APPEND_TIME</c>.</summary>
        public string TimestampType { get; set; }

        /// <summary>The record key, still base64-encoded as on the wire.</summary>
        public string Key { get; set; }

        /// <summary>The record value, base64-decoded.</summary>
        public MemoryStream Value { get; set; }

        /// <summary>The record headers: one single-entry map per header, whose value is the header bytes (a JSON number array on the wire).</summary>
        public IList<IDictionary<string, sbyte[]>> Headers { get; set; }
    }
}
