using System.Text;
using System.Text.Json;
using Faas.Gateway.Async;
using Faas.Gateway.Invoke;

namespace Faas.Gateway.Tests.Async;

public sealed class DestinationRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Fact]
    public void Build_FunctionFailed_LambdasShapeWithTheErrorAsResponsePayload()
    {
        var response = new InvocationResponse { Payload = Encoding.UTF8.GetBytes("""{"errorMessage":"boom","errorType":"Exception"}"""), FunctionError = "Unhandled", ExecutedVersion = "3" };

        using var record = JsonDocument.Parse(DestinationRecord.Build(Event("""{"a":1}"""), "arn:aws:lambda:us-east-1:000000000000:function:fn:live", "RetriesExhausted", 3, response, Now));

        var root = record.RootElement;
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.Equal("2026-01-02T03:04:05.678Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("req", root.GetProperty("requestContext").GetProperty("requestId").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:fn:live", root.GetProperty("requestContext").GetProperty("functionArn").GetString());
        Assert.Equal("RetriesExhausted", root.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(3, root.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(1, root.GetProperty("requestPayload").GetProperty("a").GetInt32());
        Assert.Equal(200, root.GetProperty("responseContext").GetProperty("statusCode").GetInt32());
        Assert.Equal("3", root.GetProperty("responseContext").GetProperty("executedVersion").GetString());
        Assert.Equal("Unhandled", root.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("boom", root.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void Build_OutputNotJson_ResponsePayloadIsAString()
    {
        var response = new InvocationResponse { Payload = Encoding.UTF8.GetBytes("plain text"), ExecutedVersion = "$LATEST" };

        using var record = JsonDocument.Parse(DestinationRecord.Build(Event(""), "arn", "Success", 1, response, Now));

        Assert.Equal("plain text", record.RootElement.GetProperty("responsePayload").GetString());
        Assert.Equal(JsonValueKind.Null, record.RootElement.GetProperty("requestPayload").ValueKind);
        Assert.False(record.RootElement.GetProperty("responseContext").TryGetProperty("functionError", out _));
    }

    [Fact]
    public void Build_NeverRan_NoResponseMembers()
    {
        using var record = JsonDocument.Parse(DestinationRecord.Build(Event("[1]"), "arn", "EventAgeExceeded", 0, null, Now));

        Assert.False(record.RootElement.TryGetProperty("responseContext", out _));
        Assert.False(record.RootElement.TryGetProperty("responsePayload", out _));
        Assert.Equal(0, record.RootElement.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
    }

    private static AsyncEvent Event(string payload) => new() { FunctionName = "fn", RequestId = "req", AcceptedAt = Now, Payload = Encoding.UTF8.GetBytes(payload) };
}
