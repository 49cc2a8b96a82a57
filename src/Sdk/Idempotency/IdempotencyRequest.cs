namespace Faas.Idempotency;

/// <summary>One attempt to take a key.</summary>
/// <param name="Key">The record key (<see cref="IdempotencyKeys"/>).</param>
/// <param name="Validation">The payload's hash when payload validation is on: a record with another hash is <see cref="IdempotencyClaimStatus.PayloadMismatch"/>.</param>
/// <param name="InProgressFor">How long the run may hold the key; after that the record may be taken over (a lost run).</param>
/// <param name="ExpiresAfter">How long a completed record answers duplicates.</param>
public sealed record IdempotencyRequest(string Key, string? Validation, TimeSpan InProgressFor, TimeSpan ExpiresAfter);
