namespace Faas.Idempotency;

/// <summary>What a guarded run produced.</summary>
/// <param name="Succeeded">Whether to keep the result: true stores it as <c>COMPLETED</c>; false deletes the record so a retry runs again.</param>
/// <param name="Data">The result to store and to give duplicates.</param>
public readonly record struct IdempotentRun(bool Succeeded, ReadOnlyMemory<byte> Data);
