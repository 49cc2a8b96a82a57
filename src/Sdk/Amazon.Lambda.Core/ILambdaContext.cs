using System;

namespace Amazon.Lambda.Core;

/// <summary>The object passed to a handler that describes the current invocation and its environment.</summary>
public interface ILambdaContext
{
    /// <summary>The request id of this invocation (a UUID).</summary>
    string AwsRequestId { get; }

    /// <summary>Client information passed by a mobile SDK caller, or null.</summary>
    IClientContext ClientContext { get; }

    /// <summary>The name of the function.</summary>
    string FunctionName { get; }

    /// <summary>The version being executed: <c>$LATEST</c> or a number.</summary>
    string FunctionVersion { get; }

    /// <summary>The Cognito identity of the caller, or null.</summary>
    ICognitoIdentity Identity { get; }

    /// <summary>The ARN the caller used, including any alias or version qualifier.</summary>
    string InvokedFunctionArn { get; }

    /// <summary>The logger that writes to this invocation's log stream.</summary>
    ILambdaLogger Logger { get; }

    /// <summary>The log group of the function.</summary>
    string LogGroupName { get; }

    /// <summary>The log stream of this execution environment.</summary>
    string LogStreamName { get; }

    /// <summary>The memory configured for the function, in MB.</summary>
    int MemoryLimitInMB { get; }

    /// <summary>Time left before the invocation's deadline.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>The tenant id of a multi-tenant invocation, or null.</summary>
    string TenantId => null;

    /// <summary>The X-Ray trace header of this invocation, or null.</summary>
    string TraceId => null;

    /// <summary>The serializer the runtime used for this handler, or null.</summary>
    ILambdaSerializer Serializer => null;
}
