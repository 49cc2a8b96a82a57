using System.Collections.Generic;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.SQSEvents;

/// <summary>The partial batch response naming the messages that failed, so that only they return to the queue.</summary>
[DataContract]
public class SQSBatchResponse
{
    /// <summary>Creates a response with an empty failure list, meaning the whole batch succeeded.</summary>
    public SQSBatchResponse()
        : this(new List<BatchItemFailure>())
    {
    }

    /// <summary>Creates a response with the given failures.</summary>
    public SQSBatchResponse(List<BatchItemFailure> batchItemFailures)
    {
        BatchItemFailures = batchItemFailures;
    }

    /// <summary>The messages that failed.</summary>
    [DataMember(Name = "batchItemFailures")]
    [JsonPropertyName("batchItemFailures")]
    public List<BatchItemFailure> BatchItemFailures { get; set; }

    /// <summary>One failed message.</summary>
    [DataContract]
    public class BatchItemFailure
    {
        /// <summary>The <see cref="SQSEvent.SQSMessage.MessageId"/> of the failed message.</summary>
        [DataMember(Name = "itemIdentifier")]
        [JsonPropertyName("itemIdentifier")]
        public string ItemIdentifier { get; set; }
    }
}
