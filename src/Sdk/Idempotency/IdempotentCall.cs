namespace Faas.Idempotency;

/// <summary>How one idempotent run is guarded.</summary>
/// <param name="Request">The key, payload hash and lifetimes.</param>
/// <param name="WaitFor">How long a duplicate waits for a run in progress before giving up (zero: give up at once, as Powertools does).</param>
/// <param name="FailOpen">Whether to run without a record when the store cannot be reached (otherwise the run is refused).</param>
public sealed record IdempotentCall(IdempotencyRequest Request, TimeSpan WaitFor, bool FailOpen)
{
    /// <summary>
    /// Return a successful run's result as soon as the write of its record has been sent, not when the store confirms it;
    /// the write's outcome is <see cref="IdempotentResult.Storing"/>. A caller that passes the result on meanwhile saves one
    /// store round trip; a duplicate that reaches the store before the write finds the key in progress and waits for it.
    /// </summary>
    public bool AnswerBeforeStored { get; init; }
}
