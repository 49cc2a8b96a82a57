using System.Text;
using Confluent.Kafka;
using Faas.Gateway.Async;

namespace Faas.Gateway.Tests.Async;

public sealed class AsyncEventTests
{
    [Fact]
    public void FromMessage_WrittenByToMessage_SameEvent()
    {
        var written = new AsyncEvent
        {
            FunctionName = "fn",
            Qualifier = "live",
            RequestId = "req-1",
            AcceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
            Attempts = 2,
            Throttles = 5,
            NotBefore = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_060_000),
            TraceId = "Root=1-abc",
            Payload = Encoding.UTF8.GetBytes("""{"a":1}"""),
        };

        var read = AsyncEvent.FromMessage(Consumed(written.ToMessage()));

        Assert.NotNull(read);
        Assert.Equal(written with { Payload = read.Payload }, read);
        Assert.Equal(written.Payload, read.Payload);
    }

    [Fact]
    public void FromMessage_OnlyTheFunctionHeader_FillsTheRestFromTheMessage()
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Value = Encoding.UTF8.GetBytes("{}"),
            Headers = new Headers { { AsyncEvent.FunctionHeader, Encoding.UTF8.GetBytes("fn") } },
            Timestamp = new Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)),
        };

        var first = AsyncEvent.FromMessage(Consumed(message));
        var again = AsyncEvent.FromMessage(Consumed(message));

        Assert.Equal("fn", first!.FunctionName);
        Assert.Null(first.Qualifier);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), first.AcceptedAt);
        Assert.True(Guid.TryParse(first.RequestId, out _));
        Assert.Equal(first.RequestId, again!.RequestId);
    }

    [Fact]
    public void FromMessage_NoFunctionHeader_Null()
    {
        Assert.Null(AsyncEvent.FromMessage(Consumed(new Message<byte[]?, byte[]?> { Value = [], Headers = [] })));
    }

    private static ConsumeResult<byte[]?, byte[]?> Consumed(Message<byte[]?, byte[]?> message) => new()
    {
        Message = message,
        TopicPartitionOffset = new TopicPartitionOffset("faas-async-invocations", 1, 42),
    };
}
