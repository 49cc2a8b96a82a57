namespace Faas.Worker.Tests.Common;

/// <summary>Optional Invoke request headers.</summary>
public sealed record InvokeOptions
{
    /// <summary>Sends <c>X-Amz-Log-Type: Tail</c>.</summary>
    public bool Tail { get; init; }

    /// <summary>Base64 JSON for <c>X-Amz-Client-Context</c>.</summary>
    public string? ClientContext { get; init; }

    /// <summary><c>X-Amzn-Trace-Id</c>.</summary>
    public string? TraceId { get; init; }

    public static InvokeOptions WithTail { get; } = new() { Tail = true };
}
