namespace Faas.Idempotency;

/// <summary>
/// Wake-ups for runs waiting on a key, shared by the stores: one completion source per watched key, completed (and
/// dropped) when the key settles, dropped as well when its last watcher leaves, so keys nobody waits on cost nothing.
/// </summary>
internal sealed class SettleSignals
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public IdempotencyWatch Watch(string key)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries.Add(key, entry);
            }

            entry.Watchers++;
        }

        return new IdempotencyWatch(key, entry.Source.Task, watch => Unwatch(watch.Key, entry));
    }

    /// <summary>Wakes everyone watching <paramref name="key"/>.</summary>
    public void Signal(string key)
    {
        Entry? entry;
        lock (_lock)
        {
            if (!_entries.Remove(key, out entry))
            {
                return;
            }
        }

        entry.Source.TrySetResult();
    }

    /// <summary>Wakes every watcher (after a reconnection, when wake-ups may have been missed).</summary>
    public void SignalAll()
    {
        List<Entry> entries;
        lock (_lock)
        {
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        foreach (var entry in entries)
        {
            entry.Source.TrySetResult();
        }
    }

    /// <summary>How many keys are watched (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    private void Unwatch(string key, Entry entry)
    {
        lock (_lock)
        {
            if (--entry.Watchers == 0 && _entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed class Entry
    {
        public TaskCompletionSource Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Watchers { get; set; }
    }
}
