namespace Faas.Idempotency;

/// <summary>Another run with the same idempotency key is in progress (Powertools' <c>IdempotencyAlreadyInProgressError</c>).</summary>
public sealed class IdempotencyAlreadyInProgressException : Exception
{
    public IdempotencyAlreadyInProgressException()
    {
    }

    public IdempotencyAlreadyInProgressException(string message)
        : base(message)
    {
    }

    public IdempotencyAlreadyInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
