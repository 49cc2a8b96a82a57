using System.Buffers;

namespace Faas.Worker.Invocations;

/// <summary>One invocation on its way through an environment: the event going in and the outcome coming back.</summary>
internal sealed class Invocation : IDisposable
{
    // Completed outside any lock; the waiting invoke request then answers its caller on the completing thread
    // (the runtime's POST), one thread-pool hop less on the warm path.
    private readonly TaskCompletionSource<InvocationOutcome> _outcome = new();
    private byte[]? _payload;

    public Invocation(string requestId, byte[] payload, int payloadLength)
    {
        RequestId = requestId;
        _payload = payload;
        PayloadLength = payloadLength;
    }

    /// <summary>The request id the runtime sees in <c>Lambda-Runtime-Aws-Request-Id</c>.</summary>
    public string RequestId { get; }

    /// <summary>The event bytes (a pooled buffer; only the first <see cref="PayloadLength"/> bytes count).</summary>
    public ReadOnlyMemory<byte> Payload => _payload.AsMemory(0, PayloadLength);

    /// <summary>Length of the event in bytes.</summary>
    public int PayloadLength { get; }

    /// <summary>The absolute deadline, Unix epoch milliseconds, set when the event is handed to the runtime.</summary>
    public long DeadlineUnixMs { get; set; }

    /// <summary>The ARN exactly as invoked, including any qualifier.</summary>
    public string InvokedFunctionArn { get; init; } = "";

    /// <summary>The X-Ray trace header for <c>Lambda-Runtime-Trace-Id</c>, or null.</summary>
    public string? TraceId { get; init; }

    /// <summary>The decoded client context JSON, or null.</summary>
    public string? ClientContext { get; init; }

    /// <summary>The Cognito identity JSON, or null.</summary>
    public string? CognitoIdentity { get; init; }

    /// <summary>The tenant id, or null.</summary>
    public string? TenantId { get; init; }

    /// <summary>Whether the caller asked for the log tail.</summary>
    public bool WantsLogTail { get; init; }

    /// <summary>Completes when the runtime answered, the environment died, or the deadline passed.</summary>
    public Task<InvocationOutcome> Outcome => _outcome.Task;

    /// <summary>Sets the outcome once; later attempts are ignored and their buffers returned.</summary>
    public bool TryComplete(InvocationOutcome outcome)
    {
        if (_outcome.TrySetResult(outcome))
        {
            return true;
        }

        outcome.Dispose();
        return false;
    }

    public void Dispose()
    {
        var payload = Interlocked.Exchange(ref _payload, null);
        if (payload is { Length: > 0 })
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }
}
