using Faas.Gateway.Errors;

namespace Faas.Gateway.Invoke;

/// <summary>The Invoke API's own error answers, in Lambda's words where Lambda has them.</summary>
internal static class InvokeErrors
{
    /// <summary>Lambda's synchronous payload limit, 6 MB.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    public static LambdaError FunctionNotFound(GatewayOptions options, string name, string? qualifier)
        => LambdaError.ResourceNotFound($"Function not found: arn:aws:lambda:{options.Region}:{options.AccountId}:function:{name}{(qualifier is null ? "" : ":" + qualifier)}");

    public static LambdaError ReservedConcurrencyExceeded { get; } = LambdaError.TooManyRequests("Rate Exceeded.", "ReservedFunctionConcurrentInvocationLimitExceeded");

    public static LambdaError ConcurrencyExceeded { get; } = LambdaError.TooManyRequests("Rate Exceeded.", "ConcurrentInvocationLimitExceeded");

    public static LambdaError RequestTooLarge { get; } = LambdaError.RequestTooLarge($"Request must be smaller than {MaxPayloadBytes} bytes for the InvokeFunction operation");

    public static LambdaError WorkerLost { get; } = LambdaError.Service(
        "The worker running the function's execution environment stopped answering during the invocation; the invocation may or may not have completed.");

    public static LambdaError EnvironmentLost { get; } = LambdaError.Service(
        "The function's execution environment was stopped during the invocation and could not be replaced; retry the invocation.");

    public static LambdaError SchedulerUnavailable { get; } = LambdaError.Service(
        "The scheduler could not be reached to place the invocation; it did not run. Retry it.");

    public static LambdaError TimedOut { get; } = LambdaError.Service("The worker did not answer within the function's timeout.");

    public static LambdaError StartFailed(string? detail)
        => LambdaError.Service($"The function's execution environment could not be started{(string.IsNullOrEmpty(detail) ? "." : ": " + detail)}");

    public static LambdaError InvalidJson(string detail)
        => LambdaError.InvalidRequestContent($"Could not parse request body into json: Could not parse payload into json: {detail}");

    public static LambdaError InvalidInvocationType(string value)
        => LambdaError.InvalidParameterValue($"1 validation error detected: Value '{value}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");

    public static LambdaError InvalidLogType(string value)
        => LambdaError.InvalidParameterValue($"1 validation error detected: Value '{value}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]");
}
