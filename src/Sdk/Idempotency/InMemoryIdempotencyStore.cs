namespace Faas.Idempotency;

/// <summary>
/// Records in this process only, with the same semantics as Redis: for a single gateway without Redis and for tests.
/// Nothing survives a restart and nothing is shared with other processes.
/// </summary>
internal sealed class InMemoryIdempotencyStore(TimeProvider time) : IIdempotencyStore
{
    // Expired records are dropped on a sweep every this many takes, so a busy store stays bounded without a timer.
    private const int SweepEvery = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Record> _records = new(StringComparer.Ordinal);
    private readonly SettleSignals _signals = new();
    private int _sinceSweep;

    /// <summary>Records currently held, expired or not (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public ValueTask<IdempotencyClaim> BeginAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (++_sinceSweep >= SweepEvery)
            {
                _sinceSweep = 0;
                Sweep(now);
            }

            if (_records.TryGetValue(request.Key, out var record) && record.IsLive(now))
            {
                if (request.Validation is not null && record.Validation is not null && request.Validation != record.Validation)
                {
                    return ValueTask.FromResult(new IdempotencyClaim { Status = IdempotencyClaimStatus.PayloadMismatch, Request = request });
                }

                return ValueTask.FromResult(record.Completed
                    ? new IdempotencyClaim { Status = IdempotencyClaimStatus.Completed, Request = request, Data = record.Data }
                    : new IdempotencyClaim { Status = IdempotencyClaimStatus.InProgress, Request = request, InProgressUntil = record.InProgressUntil });
            }

            var owner = Guid.NewGuid().ToString("N");
            var until = now + request.InProgressFor;
            _records[request.Key] = new Record(false, now + request.ExpiresAfter, until, request.Validation, owner, ReadOnlyMemory<byte>.Empty);
            return ValueTask.FromResult(new IdempotencyClaim { Status = IdempotencyClaimStatus.Acquired, Request = request, InProgressUntil = until, Owner = owner });
        }
    }

    public ValueTask<bool> CompleteAsync(IdempotencyClaim claim, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var request = claim.Request;
        bool stored;
        lock (_lock)
        {
            // A lost claim (the record was taken over after its in-progress time) must not overwrite the new run's record.
            stored = !_records.TryGetValue(request.Key, out var record) || record.Owner == claim.Owner || !record.IsLive(time.GetUtcNow());
            if (stored)
            {
                _records[request.Key] = new Record(true, time.GetUtcNow() + request.ExpiresAfter, default, request.Validation, claim.Owner, data.ToArray());
            }
        }

        _signals.Signal(request.Key);
        return ValueTask.FromResult(stored);
    }

    public ValueTask ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_lock)
        {
            if (_records.TryGetValue(claim.Request.Key, out var record) && record.Owner == claim.Owner)
            {
                _records.Remove(claim.Request.Key);
            }
        }

        _signals.Signal(claim.Request.Key);
        return ValueTask.CompletedTask;
    }

    public IdempotencyWatch Watch(string key) => _signals.Watch(key);

    public Task ForgetScopeAsync(string scope, CancellationToken cancellationToken)
    {
        var prefix = IdempotencyKeys.ScopePattern(scope).TrimEnd('*');
        lock (_lock)
        {
            foreach (var key in _records.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _records.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var key in _records.Where(pair => !pair.Value.IsLive(now)).Select(static pair => pair.Key).ToList())
        {
            _records.Remove(key);
        }
    }

    private sealed record Record(bool Completed, DateTimeOffset Expiration, DateTimeOffset InProgressUntil, string? Validation, string Owner, ReadOnlyMemory<byte> Data)
    {
        // As in Redis: a completed record lives until its expiration, an in-progress one until its in-progress expiration.
        public bool IsLive(DateTimeOffset now) => Completed ? Expiration > now : InProgressUntil > now;
    }
}
