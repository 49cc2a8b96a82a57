namespace Faas.Scheduler.Abstractions;

/// <summary>
/// A function's idempotency config: invocations carrying the same key run the handler once; duplicates get the stored
/// response. Kept in the function's registry entry and resolved with it, so the warm path needs no extra call.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record IdempotencyConfig
{
    /// <summary><see cref="KeySource"/>: the key is the <c>Idempotency-Key</c> request header.</summary>
    public const string HeaderSource = "HEADER";

    /// <summary><see cref="KeySource"/>: the key is what <see cref="EventKeyPath"/> selects in the event.</summary>
    public const string EventSource = "EVENT";

    /// <summary><see cref="OnStoreUnavailable"/>: refuse the invocation when the store cannot be reached.</summary>
    public const string FailClosed = "FAIL_CLOSED";

    /// <summary><see cref="OnStoreUnavailable"/>: run it without a record.</summary>
    public const string FailOpen = "FAIL_OPEN";

    /// <summary>The request header a <see cref="HeaderSource"/> key is read from.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The default lifetime of a completed record, 1 hour (Powertools' default).</summary>
    public const int DefaultExpiresAfterSeconds = 3600;

    /// <summary><see cref="HeaderSource"/> or <see cref="EventSource"/>.</summary>
    [Id(0)] public required string KeySource { get; init; }

    /// <summary>For <see cref="EventSource"/>: the JMESPath-subset expression into the event (Faas.Idempotency's <c>EventKeyPath</c>).</summary>
    [Id(1)] public string? EventKeyPath { get; init; }

    /// <summary>How long a completed record answers duplicates, in seconds.</summary>
    [Id(2)] public required int ExpiresAfterSeconds { get; init; }

    /// <summary>Whether a duplicate must carry the same payload (another payload is refused).</summary>
    [Id(3)] public required bool PayloadValidation { get; init; }

    /// <summary><see cref="FailClosed"/> or <see cref="FailOpen"/>.</summary>
    [Id(4)] public required string OnStoreUnavailable { get; init; }

    /// <summary>How long a duplicate waits for the run in progress, in seconds; null: as long as that run may take.</summary>
    [Id(5)] public int? InProgressWaitSeconds { get; init; }

    /// <summary>Whether an invocation without a key is refused (otherwise it runs without idempotency).</summary>
    [Id(6)] public required bool KeyRequired { get; init; }

    /// <summary>When the config was last put.</summary>
    [Id(7)] public required DateTimeOffset LastModified { get; init; }
}
