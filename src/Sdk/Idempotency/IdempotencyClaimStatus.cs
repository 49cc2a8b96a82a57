namespace Faas.Idempotency;

/// <summary>What <see cref="IIdempotencyStore.BeginAsync"/> found.</summary>
public enum IdempotencyClaimStatus
{
    /// <summary>The key is taken for this run (an <c>INPROGRESS</c> record was written): run, then complete or release.</summary>
    Acquired,

    /// <summary>A <c>COMPLETED</c> record answers: its data is the stored result; do not run.</summary>
    Completed,

    /// <summary>Another run holds the key (<c>INPROGRESS</c>, not timed out): wait for it or refuse.</summary>
    InProgress,

    /// <summary>The record was written for another payload (its <c>validation</c> hash differs).</summary>
    PayloadMismatch,
}
