namespace Faas.Idempotency;

/// <summary>The answer of <see cref="IIdempotencyStore.BeginAsync"/>; when <see cref="Status"/> is <see cref="IdempotencyClaimStatus.Acquired"/>, the handle to complete or release the run.</summary>
public sealed record IdempotencyClaim
{
    public required IdempotencyClaimStatus Status { get; init; }

    /// <summary>The request that made this claim.</summary>
    public required IdempotencyRequest Request { get; init; }

    /// <summary>For <see cref="IdempotencyClaimStatus.Completed"/>: the stored result.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>When the run holding the key loses it (this run's own when acquired).</summary>
    public DateTimeOffset InProgressUntil { get; init; }

    /// <summary>For an acquired claim: the token written into the record, so only this run completes or releases it.</summary>
    internal string Owner { get; init; } = "";
}
