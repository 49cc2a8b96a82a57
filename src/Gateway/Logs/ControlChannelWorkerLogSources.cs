using System.Collections.Concurrent;
using Faas.Scheduler;
using Faas.Worker.Control;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Logs;

/// <summary>
/// Finds the workers' invoke addresses by asking each worker listed in <see cref="SchedulerOptions.Workers"/> for its
/// capacity report over the gRPC control channel; an address is kept for <see cref="CacheTime"/>.
/// </summary>
internal sealed partial class ControlChannelWorkerLogSources(SchedulerOptions scheduler, TimeProvider time, ILogger<ControlChannelWorkerLogSources> logger)
    : IWorkerLogSources, IDisposable
{
    /// <summary>How long a worker's invoke address is used before it is asked again (a restarted worker may move).</summary>
    public static readonly TimeSpan CacheTime = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Uri Invoke, DateTimeOffset Expires)> _known = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Uri>> GetWorkersAsync(CancellationToken cancellationToken)
    {
        var lookups = scheduler.Workers.Select(control => LookUpAsync(control, cancellationToken));
        var found = await Task.WhenAll(lookups);
        return [.. found.OfType<Uri>().Distinct()];
    }

    public void Invalidate(Uri worker)
    {
        foreach (var (control, entry) in _known)
        {
            if (entry.Invoke == worker)
            {
                _known.TryRemove(control, out _);
            }
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }

    private async Task<Uri?> LookUpAsync(string control, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(control, out var entry) && entry.Expires > now)
        {
            return entry.Invoke;
        }

        try
        {
            var channel = _channels.GetOrAdd(control, static address => GrpcChannel.ForAddress(address));
            var client = new WorkerControl.WorkerControlClient(channel);
            var report = await client.GetCapacityAsync(new GetCapacityRequest(), deadline: now.UtcDateTime + CallTimeout, cancellationToken: cancellationToken);
            if (!Uri.TryCreate(report.InvokeBaseUrl, UriKind.Absolute, out var invoke))
            {
                Log.WorkerUnreachable(logger, control, null);
                return null;
            }

            _known[control] = (invoke, now + CacheTime);
            return invoke;
        }
        catch (RpcException e)
        {
            Log.WorkerUnreachable(logger, control, e);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3901, EventName = "LogWorkerUnreachable", Level = LogLevel.Warning,
            Message = "Worker '{ControlAddress}' did not report its invoke address; its function logs are left out.")]
        public static partial void WorkerUnreachable(ILogger logger, string controlAddress, Exception? exception);
    }
}
