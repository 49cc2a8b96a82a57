using System.Text;
using Amazon.Lambda.Serialization.SystemTextJson;
using Amazon.Lambda.SQSEvents;

namespace Faas.Sdk.Tests.SQSEvents;

public class SQSEventTests
{
    [Fact]
    public void Deserialize_SqsEvent_ReadsEveryField()
    {
        var sqsEvent = new DefaultLambdaJsonSerializer().DeserializeFromString<SQSEvent>(SqsEvent);

        var message = Assert.Single(sqsEvent.Records);
        Assert.Equal("059f36b4-87a3-44ab-83d2-661975830a7d", message.MessageId);
        Assert.Equal("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a", message.ReceiptHandle);
        Assert.Equal("test", message.Body);
        Assert.Equal("098f6bcd4621d373cade4e832627b4f6", message.Md5OfBody);
        Assert.Equal("aws:sqs", message.EventSource);
        Assert.Equal("arn:aws:sqs:us-east-2:123456789012:my-queue", message.EventSourceArn);
        Assert.Equal("us-east-2", message.AwsRegion);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.Equal("1545082649183", message.Attributes["SentTimestamp"]);
        var text = message.MessageAttributes["Text"];
        Assert.Equal("String", text.DataType);
        Assert.Equal("hi", text.StringValue);
        Assert.Empty(text.StringListValues);
        var blob = message.MessageAttributes["Blob"];
        Assert.Equal("Binary", blob.DataType);
        Assert.Equal("Hello", Encoding.UTF8.GetString(blob.BinaryValue.ToArray()));
    }

    [Fact]
    public void SerializeDeserialize_SqsEvent_RoundTripsMessageAndBinaryAttribute()
    {
        var serializer = new DefaultLambdaJsonSerializer();
        var original = serializer.DeserializeFromString<SQSEvent>(SqsEvent);

        var json = serializer.SerializeToString(original);
        var copy = serializer.DeserializeFromString<SQSEvent>(json);

        Assert.Contains("\"BinaryValue\":\"SGVsbG8=\"", json);
        var message = Assert.Single(copy.Records);
        Assert.Equal(original.Records[0].MessageId, message.MessageId);
        Assert.Equal(original.Records[0].EventSourceArn, message.EventSourceArn);
        Assert.Equal(original.Records[0].Attributes, message.Attributes);
        Assert.Equal("Hello", Encoding.UTF8.GetString(message.MessageAttributes["Blob"].BinaryValue.ToArray()));
    }

    private const string SqsEvent = """
        {"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
          "body":"test","attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183",
            "SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1545082649185"},
          "messageAttributes":{"Text":{"stringValue":"hi","stringListValues":[],"binaryListValues":[],"dataType":"String"},
            "Blob":{"binaryValue":"SGVsbG8=","stringListValues":[],"binaryListValues":[],"dataType":"Binary"}},
          "md5OfBody":"098f6bcd4621d373cade4e832627b4f6","eventSource":"aws:sqs",
          "eventSourceARN":"arn:aws:sqs:us-east-2:123456789012:my-queue","awsRegion":"us-east-2"}]}
        """;
}
