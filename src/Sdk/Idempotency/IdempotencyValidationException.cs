namespace Faas.Idempotency;

/// <summary>The idempotency key was used with another payload (Powertools' <c>IdempotencyValidationError</c>).</summary>
public sealed class IdempotencyValidationException : Exception
{
    public IdempotencyValidationException()
    {
    }

    public IdempotencyValidationException(string message)
        : base(message)
    {
    }

    public IdempotencyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
