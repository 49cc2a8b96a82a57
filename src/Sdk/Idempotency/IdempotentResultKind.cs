namespace Faas.Idempotency;

/// <summary>How an idempotent call ended.</summary>
public enum IdempotentResultKind
{
    /// <summary>This call ran the handler (its result is stored unless the run failed or the store was down).</summary>
    Ran,

    /// <summary>A completed record answered; the handler did not run.</summary>
    Replayed,

    /// <summary>Another run held the key for longer than the call may wait (Powertools' <c>IdempotencyAlreadyInProgressError</c>).</summary>
    InProgress,

    /// <summary>The key's record was written for another payload (Powertools' <c>IdempotencyValidationError</c>).</summary>
    PayloadMismatch,

    /// <summary>The store could not be reached and the call fails closed; the handler did not run.</summary>
    StoreUnavailable,
}
