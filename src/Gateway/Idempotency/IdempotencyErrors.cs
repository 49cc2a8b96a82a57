using Faas.Gateway.Errors;

namespace Faas.Gateway.Idempotency;

/// <summary>The answers of an idempotent invocation that could not run; the error types are Powertools' exception names.</summary>
internal static class IdempotencyErrors
{
    /// <summary>The longest <c>Idempotency-Key</c> header accepted.</summary>
    public const int MaxHeaderKeyLength = 1024;

    public static LambdaError InProgress(TimeSpan waited) => new(
        409,
        "IdempotencyAlreadyInProgressException",
        $"Another invocation with the same idempotency key is in progress and did not finish within {waited.TotalSeconds:0.###} s; retry later.");

    public static LambdaError PayloadMismatch { get; } = new(
        400,
        "IdempotencyValidationException",
        "The idempotency key was already used with a different payload.");

    public static LambdaError KeyMissing(string source) => new(
        400,
        "IdempotencyKeyException",
        $"The function requires an idempotency key and the invocation has none ({source}).");

    public static LambdaError KeyTooLong { get; } = LambdaError.InvalidParameterValue(
        $"The Idempotency-Key header must be at most {MaxHeaderKeyLength} characters.");

    public static LambdaError StoreUnavailable { get; } = new(
        503,
        "IdempotencyPersistenceLayerException",
        "The idempotency store cannot be reached; the function was not invoked. Retry later.",
        CapitalMessage: false,
        Type: "Service");
}
