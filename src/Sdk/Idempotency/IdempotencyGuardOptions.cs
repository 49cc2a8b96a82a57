using System.Text.Json;

namespace Faas.Idempotency;

/// <summary>Settings of an <see cref="IdempotencyGuard"/>; the defaults are Powertools'.</summary>
public sealed class IdempotencyGuardOptions
{
    /// <summary>Names this guard's records: <c>{AWS_LAMBDA_FUNCTION_NAME}.{Name}</c>, so two guarded operations of a function never share a key.</summary>
    public string Name { get; set; } = "handler";

    /// <summary>Where the key is in the event for <see cref="IdempotencyGuard.RunAsync{TEvent, TResult}"/>; null uses the whole event.</summary>
    public string? EventKeyPath { get; set; }

    /// <summary>How long a completed record answers duplicates; default 1 hour.</summary>
    public TimeSpan ExpiresAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a run holds its key before another may take it over; set it to the invocation's remaining time (default 15 minutes, Lambda's longest timeout).</summary>
    public TimeSpan InProgressFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a duplicate waits for a run in progress; default zero (fail at once with <see cref="IdempotencyAlreadyInProgressException"/>, as Powertools does).</summary>
    public TimeSpan WaitFor { get; set; } = TimeSpan.Zero;

    /// <summary>Whether a duplicate must carry the same payload (same key, other payload: <see cref="IdempotencyValidationException"/>).</summary>
    public bool PayloadValidation { get; set; }

    /// <summary>Whether to run without a record when the store cannot be reached (default: refuse, with <see cref="IdempotencyPersistenceLayerException"/>).</summary>
    public bool FailOpen { get; set; }

    /// <summary>Whether an event without a key is refused (<see cref="IdempotencyKeyException"/>); by default it runs without idempotency.</summary>
    public bool KeyRequired { get; set; }

    /// <summary>How results and events are written to JSON.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = JsonSerializerOptions.Web;
}
