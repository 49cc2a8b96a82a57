namespace Faas.Idempotency;

/// <summary>The idempotency store could not be reached (Powertools' <c>IdempotencyPersistenceLayerError</c>).</summary>
public sealed class IdempotencyPersistenceLayerException : Exception
{
    public IdempotencyPersistenceLayerException()
        : base("The idempotency store could not be reached.")
    {
    }

    public IdempotencyPersistenceLayerException(string message)
        : base(message)
    {
    }

    public IdempotencyPersistenceLayerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
