using System.Collections.Generic;
using System.IO;

namespace Amazon.Lambda.SQSEvents;

/// <summary>A batch of messages from an Amazon SQS queue delivered by an event source mapping.</summary>
public class SQSEvent
{
    /// <summary>The messages of the batch.</summary>
    public List<SQSMessage> Records { get; set; }

    /// <summary>A message attribute: a typed string, number or binary value.</summary>
    public class MessageAttribute
    {
        /// <summary>The value of a <c>String</c> or <c>Number</c> attribute.</summary>
        public string StringValue { get; set; }

        /// <summary>The value of a <c>Binary</c> attribute, base64-decoded.</summary>
        public MemoryStream BinaryValue { get; set; }

        /// <summary>The list of string values (reserved by SQS).</summary>
        public List<string> StringListValues { get; set; }

        /// <summary>The list of binary values (reserved by SQS).</summary>
        public List<MemoryStream> BinaryListValues { get; set; }

        /// <summary>The attribute data type: <c>String</c>, <c>Number</c>, <c>Binary</c>, optionally with a custom suffix.</summary>
        public string DataType { get; set; }
    }

    /// <summary>One SQS message.</summary>
    public class SQSMessage
    {
        /// <summary>The message id; it is the item identifier in a partial batch response.</summary>
        public string MessageId { get; set; }

        /// <summary>The receipt handle that deletes the message or changes its visibility.</summary>
        public string ReceiptHandle { get; set; }

        /// <summary>The message body.</summary>
        public string Body { get; set; }

        /// <summary>The MD5 digest of the body, as a hex string.</summary>
        public string Md5OfBody { get; set; }

        /// <summary>The MD5 digest of the message attributes, as a hex string.</summary>
        public string Md5OfMessageAttributes { get; set; }

        /// <summary>The ARN of the queue.</summary>
        public string EventSourceArn { get; set; }

        /// <summary>The event source, <c>aws:sqs</c>.</summary>
        public string EventSource { get; set; }

        /// <summary>The region of the queue.</summary>
        public string AwsRegion { get; set; }

        /// <summary>The system attributes such as <c>ApproximateReceiveCount</c> and <c>SentTimestamp</c>, all as strings.</summary>
        public Dictionary<string, string> Attributes { get; set; }

        /// <summary>The user-defined message attributes, by name.</summary>
        public Dictionary<string, MessageAttribute> MessageAttributes { get; set; }
    }
}
