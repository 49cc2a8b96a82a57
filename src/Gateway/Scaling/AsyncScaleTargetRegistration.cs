using Faas.Gateway.Hosting;
using Faas.Gateway.Kafka;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Scaling;

/// <summary>
/// Registers the async-invocation topics with the lag scaler once the host has started (every gateway does; the same
/// description twice changes nothing), then reports this gateway's dispatcher as one running poller every
/// <see cref="ReportInterval"/>. The dispatcher group serves every function: the scaler attributes its backlog to
/// functions from the records' headers and keeps each function's pool warm for its share; the dispatcher itself stays
/// one consumer per gateway (it runs the events of every partition it holds at once).
/// </summary>
internal sealed partial class AsyncScaleTargetRegistration(
    IGrainFactory grains,
    KafkaConnection kafka,
    KafkaOptions kafkaOptions,
    GatewayOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<AsyncScaleTargetRegistration> logger) : BackgroundService
{
    /// <summary>How often the gateway reports its dispatcher (well within the scaler's report lifetime).</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    // One id per gateway process: reports from a gateway that went away expire on their own.
    private readonly string _nodeId = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>The description this gateway registers.</summary>
    public KafkaScaleTarget Target => new()
    {
        Id = KafkaScaleTarget.AsyncInvocationId,
        Kind = KafkaScaleTargetKind.AsyncInvocation,
        BootstrapServers = kafka.BootstrapServers,
        ConsumerGroup = options.Async.ConsumerGroup,
        Topics = [options.Async.Topic, options.Async.RetryTopic],
        Properties = new Dictionary<string, string>(kafkaOptions.Properties),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Grain calls wait for the host (and a co-hosted silo) to be up.
            await HostStart.WaitAsync(lifetime, stoppingToken);

            var scaler = grains.GetGrain<IKafkaScalerGrain>(KafkaScaleTarget.AsyncInvocationId);
            var registered = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!registered)
                    {
                        await scaler.WatchAsync(Target);
                        registered = true;
                        Log.Registered(logger, Target.ConsumerGroup);
                    }

                    await scaler.ReportActualAsync(_nodeId, 1);
                    await Task.Delay(ReportInterval, time, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.RegistrationFailed(logger, ex.Message);
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, possibly before the host finished starting.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3444, EventName = "AsyncScaleTargetRegistered", Level = LogLevel.Debug,
            Message = "The async-invocation topics (group '{ConsumerGroup}') are registered with the lag scaler.")]
        public static partial void Registered(ILogger logger, string consumerGroup);

        [LoggerMessage(EventId = 3445, EventName = "AsyncScaleTargetRegistrationFailed", Level = LogLevel.Warning,
            Message = "Registering the async-invocation topics with the lag scaler failed: {Error}; trying again.")]
        public static partial void RegistrationFailed(ILogger logger, string error);
    }
}
