namespace Faas.Idempotency;

/// <summary>
/// Idempotency records with Powertools' semantics: a key is taken atomically for one run (<c>INPROGRESS</c>), then
/// either <c>COMPLETED</c> with the run's result for its lifetime or deleted so a retry runs again. Implemented over
/// Redis (shared by every gateway and handler) and in memory (one process). Every method throws
/// <see cref="IdempotencyPersistenceLayerException"/> when the store cannot be reached.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Takes the key for a run, or answers the record that holds it (completed, in progress, or another payload's).</summary>
    ValueTask<IdempotencyClaim> BeginAsync(IdempotencyRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the run's result as <c>COMPLETED</c> for <see cref="IdempotencyRequest.ExpiresAfter"/> and wakes waiters.
    /// False when the claim was lost meanwhile (its in-progress time ran out and another run took the key), or when the
    /// store could not be reached: then the write is retried in the background until the claim's in-progress time ends.
    /// </summary>
    ValueTask<bool> CompleteAsync(IdempotencyClaim claim, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Deletes the claim's record (only while the claim holds it) so a retry runs again, and wakes waiters; retried in the background like <see cref="CompleteAsync"/>.</summary>
    ValueTask ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>Starts watching a key: <see cref="IdempotencyWatch.Settled"/> completes when a run of it completes or is released. Take the watch before <see cref="BeginAsync"/> so no wake-up is missed.</summary>
    IdempotencyWatch Watch(string key);

    /// <summary>Deletes every record of a scope (a function that was deleted); best effort.</summary>
    Task ForgetScopeAsync(string scope, CancellationToken cancellationToken);
}
