namespace Faas.Host.RuntimeApi;

/// <summary>The headers of one <c>next</c> answer; the event body is copied into the caller's buffer.</summary>
internal sealed class NextInvocation
{
    /// <summary>The request id (<c>Lambda-Runtime-Aws-Request-Id</c>).</summary>
    public required string RequestId { get; init; }

    /// <summary>The absolute deadline in Unix epoch milliseconds; 0 when absent.</summary>
    public long DeadlineMs { get; init; }

    /// <summary>The ARN as invoked.</summary>
    public string? InvokedFunctionArn { get; init; }

    /// <summary>The X-Ray trace header.</summary>
    public string? TraceId { get; init; }

    /// <summary>The client context JSON.</summary>
    public string? ClientContextJson { get; init; }

    /// <summary>The Cognito identity JSON.</summary>
    public string? CognitoIdentityJson { get; init; }

    /// <summary>The tenant id.</summary>
    public string? TenantId { get; init; }
}
