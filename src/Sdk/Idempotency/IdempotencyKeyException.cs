namespace Faas.Idempotency;

/// <summary>The event holds no idempotency key and one is required (Powertools' <c>IdempotencyKeyError</c>).</summary>
public sealed class IdempotencyKeyException : Exception
{
    public IdempotencyKeyException()
    {
    }

    public IdempotencyKeyException(string message)
        : base(message)
    {
    }

    public IdempotencyKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
