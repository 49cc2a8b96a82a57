using Faas.Gateway.Errors;

namespace Faas.Gateway.Invoke;

/// <summary>
/// Runs one synchronous invocation with a buffered payload and returns its outcome; function URLs use it (they build
/// the event first). The Invoke API streams the caller's body through the forwarder instead.
/// </summary>
public interface IFunctionInvoker
{
    /// <summary>Invokes <see cref="InvocationRequest.FunctionName"/>; throttles, unknown functions and lost workers come back as <see cref="InvocationResponse.Error"/>.</summary>
    Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken);
}

/// <summary>One synchronous invocation.</summary>
public sealed record InvocationRequest(string FunctionName, string? Qualifier, ReadOnlyMemory<byte> Payload, string RequestId)
{
    /// <summary>Base64 client context, passed to the function as Invoke's <c>X-Amz-Client-Context</c> is.</summary>
    public string? ClientContext { get; init; }

    /// <summary>The <c>X-Amzn-Trace-Id</c> to pass on.</summary>
    public string? TraceId { get; init; }

    /// <summary>Whether to return the last 4 KB of the log (<c>X-Amz-Log-Type: Tail</c>).</summary>
    public bool TailLogs { get; init; }

    /// <summary>The <c>X-Amz-Tenant-Id</c> to pass on.</summary>
    public string? TenantId { get; init; }

    /// <summary>The caller's <c>Idempotency-Key</c> header, the key of functions whose idempotency config reads it.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>What payload validation compares, when not <see cref="Payload"/> (a function URL's event differs per request; its HTTP body does not).</summary>
    public ReadOnlyMemory<byte>? ValidationPayload { get; init; }
}

/// <summary>The outcome of an invocation: the function's answer, or the Lambda error that kept it from running.</summary>
public sealed record InvocationResponse
{
    /// <summary>Set when the invocation did not run or was lost (not found, throttled, worker gone, ...).</summary>
    public LambdaError? Error { get; init; }

    /// <summary>The function's response bytes, or its error JSON when <see cref="FunctionError"/> is set.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary><c>Unhandled</c> when the function failed (exception, timeout, crash), else null.</summary>
    public string? FunctionError { get; init; }

    /// <summary>The version that ran (<c>X-Amz-Executed-Version</c>).</summary>
    public string? ExecutedVersion { get; init; }

    /// <summary>Base64 log tail when requested.</summary>
    public string? LogResult { get; init; }

    /// <summary>The content type of <see cref="Payload"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>The answer came from a completed idempotency record; the function did not run.</summary>
    public bool Replayed { get; init; }

    /// <summary>
    /// For a successful run of an idempotent function: the write of its record, sent to the store before this answer was
    /// returned. A caller passes the answer on first and then awaits this, so the store's round trip is not the caller's wait.
    /// </summary>
    public Task? Recording { get; init; }
}
