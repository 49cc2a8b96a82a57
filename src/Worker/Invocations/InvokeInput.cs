namespace Faas.Worker.Invocations;

/// <summary>What a forwarded invocation carries besides its event: the environment and the gateway's headers (empty when absent).</summary>
/// <param name="EnvironmentId">The environment the invocation is for.</param>
internal sealed record InvokeInput(string EnvironmentId)
{
    /// <summary><c>X-Faas-Request-Id</c>: the request id the gateway gave the invocation.</summary>
    public string? RequestId { get; init; }

    /// <summary><c>X-Amz-Client-Context</c>, base64 JSON.</summary>
    public string? ClientContext { get; init; }

    /// <summary><c>X-Faas-Invoked-Function-Arn</c>: the ARN as invoked, qualifier included.</summary>
    public string? InvokedFunctionArn { get; init; }

    /// <summary><c>X-Amzn-Trace-Id</c>.</summary>
    public string? TraceId { get; init; }

    /// <summary><c>X-Amz-Tenant-Id</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary><c>X-Amz-Log-Type</c>: <c>Tail</c> asks for the log tail.</summary>
    public string? LogType { get; init; }
}
