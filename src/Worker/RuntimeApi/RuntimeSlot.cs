using Faas.Worker.Environments;

namespace Faas.Worker.RuntimeApi;

/// <summary>One loopback Runtime API port; whichever environment process owns it is the only one served there.</summary>
internal sealed class RuntimeSlot(int index)
{
    private EnvironmentProcess? _owner;
    private TaskCompletionSource<EnvironmentProcess?>? _starting;

    /// <summary>Position of the slot in the worker's table.</summary>
    public int Index { get; } = index;

    /// <summary>The bound loopback port, known once the server has started.</summary>
    public int Port { get; set; }

    /// <summary>The process this slot serves, or null while free.</summary>
    public EnvironmentProcess? Owner
    {
        get => Volatile.Read(ref _owner);
        set
        {
            Volatile.Write(ref _owner, value);
            if (value is not null)
            {
                Interlocked.Exchange(ref _starting, null)?.TrySetResult(value);
            }
        }
    }

    /// <summary>
    /// Marks the slot as taken by a process about to start. A runtime can connect before its starter has learnt its pid
    /// (the start is handed to the spawner thread): its connection then waits for <see cref="Owner"/> instead of being
    /// refused.
    /// </summary>
    public void BeginStart() => Volatile.Write(ref _starting, new TaskCompletionSource<EnvironmentProcess?>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>The start marked by <see cref="BeginStart"/> failed: connections waiting for an owner are refused.</summary>
    public void AbandonStart() => Interlocked.Exchange(ref _starting, null)?.TrySetResult(null);

    /// <summary>The owner, or, while a process is being started on the slot, the owner once known (null after <paramref name="wait"/>).</summary>
    public async ValueTask<EnvironmentProcess?> OwnerAsync(TimeSpan wait)
    {
        if (Owner is { } owner)
        {
            return owner;
        }

        if (Volatile.Read(ref _starting) is not { } starting)
        {
            return null;
        }

        try
        {
            return await starting.Task.WaitAsync(wait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return Owner;
        }
    }

    /// <summary>
    /// The Unix socket serving the same Runtime API, for the Faas .NET host (<c>FAAS_RUNTIME_API_SOCKET</c>): cheaper
    /// per message than loopback TCP. Null when the data folder's path is too long for a socket address.
    /// </summary>
    public string? SocketPath { get; set; }

    /// <summary>The value of <c>AWS_LAMBDA_RUNTIME_API</c> for the slot's process.</summary>
    public string RuntimeApiAddress => $"127.0.0.1:{Port}";
}
