namespace Faas.Gateway.Async;

/// <summary>
/// Bounds the dispatcher's concurrent invocations per function, so queued events wait here for a free slot instead of
/// running into the pool's throttle. The bound is given with each entry (the function's reserved concurrency, which may
/// change); the pool still enforces the cap across gateways.
/// </summary>
internal sealed class FunctionGates
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Waits until fewer than <paramref name="limit"/> invocations of <paramref name="functionName"/> run; dispose the result to leave.</summary>
    public async ValueTask<Slot> EnterAsync(string functionName, int limit, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(functionName, out gate!))
            {
                gate = new Gate();
                _gates[functionName] = gate;
            }

            gate.Limit = limit;
            if (gate.Active < limit)
            {
                gate.Active++;
                return new Slot(this, functionName);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            gate.Waiters.AddLast(waiter);
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken);
            return new Slot(this, functionName);
        }
        catch (OperationCanceledException)
        {
            lock (_gates)
            {
                if (!gate.Waiters.Remove(waiter))
                {
                    // Granted just as it was cancelled: hand the slot on.
                    Leave(functionName);
                }
            }

            throw;
        }
    }

    /// <summary>Invocations running for a function (for tests and diagnostics).</summary>
    public int Active(string functionName)
    {
        lock (_gates)
        {
            return _gates.TryGetValue(functionName, out var gate) ? gate.Active : 0;
        }
    }

    private void Leave(string functionName)
    {
        lock (_gates)
        {
            var gate = _gates[functionName];
            gate.Active--;
            while (gate.Active < gate.Limit && gate.Waiters.First is { } first)
            {
                gate.Waiters.RemoveFirst();
                gate.Active++;
                first.Value.TrySetResult();
            }

            if (gate.Active == 0 && gate.Waiters.Count == 0)
            {
                _gates.Remove(functionName);
            }
        }
    }

    /// <summary>One running invocation's place; disposing it lets the next waiter in.</summary>
    public readonly struct Slot(FunctionGates gates, string functionName) : IDisposable
    {
        public void Dispose() => gates.Leave(functionName);
    }

    private sealed class Gate
    {
        public int Active;
        public int Limit;
        public readonly LinkedList<TaskCompletionSource> Waiters = new();
    }
}
