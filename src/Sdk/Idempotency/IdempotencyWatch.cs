namespace Faas.Idempotency;

/// <summary>A registration for the next settlement (completion or release) of one key; dispose it when done waiting.</summary>
public sealed class IdempotencyWatch : IDisposable
{
    private readonly Action<IdempotencyWatch>? _onDispose;
    private int _disposed;

    internal IdempotencyWatch(string key, Task settled, Action<IdempotencyWatch>? onDispose)
    {
        Key = key;
        Settled = settled;
        _onDispose = onDispose;
    }

    /// <summary>The watched record key.</summary>
    public string Key { get; }

    /// <summary>Completes when a run of the key completes or is released (not faulted, never cancelled).</summary>
    public Task Settled { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDispose?.Invoke(this);
        }
    }
}
