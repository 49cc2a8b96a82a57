namespace Faas.Idempotency;

/// <summary>The outcome of <see cref="IdempotentRunner.RunAsync{TState}"/>.</summary>
public sealed record IdempotentResult(IdempotentResultKind Kind)
{
    /// <summary>For <see cref="IdempotentResultKind.Ran"/> and <see cref="IdempotentResultKind.Replayed"/>: the result.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>For <see cref="IdempotentResultKind.Ran"/>: whether the run succeeded (its result is kept).</summary>
    public bool Succeeded { get; init; }

    /// <summary>For <see cref="IdempotentResultKind.Ran"/>: false when the run went ahead without a record (fail-open) or its result could not be stored yet.</summary>
    public bool Recorded { get; init; }

    /// <summary>
    /// For a successful run of a call with <see cref="IdempotentCall.AnswerBeforeStored"/>: the write of its record, already
    /// sent; true once stored, false when it could not be stored yet (<see cref="Recorded"/> is false meanwhile).
    /// </summary>
    public Task<bool>? Storing { get; init; }

    /// <summary>For <see cref="IdempotentResultKind.StoreUnavailable"/>: why.</summary>
    public Exception? Error { get; init; }
}
