namespace Faas.Gateway.Idempotency;

/// <summary>Where idempotency records are kept and how long a run may hold its key; section <c>Gateway:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>Redis connection string for the records (e.g. <c>redis:6379</c>); empty keeps them in this gateway's memory (not durable, not shared).</summary>
    public string Redis { get; set; } = "";

    /// <summary>Added to the function's timeout to get how long a run holds its key: room for a cold start and the answer's way back.</summary>
    public TimeSpan InProgressMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a Redis connection attempt or command may take before the store counts as unavailable.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
