using Faas.Worker.Control;
using Grpc.Net.Client;

namespace Faas.Scheduler.Pools;

/// <summary>One worker: its state and its gRPC channel (h2c, one per worker).</summary>
internal sealed class WorkerConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private int _probing;

    public WorkerConnection(string address)
    {
        State = new WorkerState(address);
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                // A dead worker refuses at once; one that does not answer at all must not hold placements for long.
                ConnectTimeout = TimeSpan.FromSeconds(2),
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(15),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
            DisposeHttpClient = true,
        });
        Client = new WorkerControl.WorkerControlClient(_channel);
    }

    public WorkerState State { get; }

    public WorkerControl.WorkerControlClient Client { get; }

    /// <summary>Claims the right to run an out-of-band probe; false if one is running.</summary>
    public bool TryBeginProbe() => Interlocked.Exchange(ref _probing, 1) == 0;

    public void EndProbe() => Volatile.Write(ref _probing, 0);

    public void Dispose() => _channel.Dispose();
}
