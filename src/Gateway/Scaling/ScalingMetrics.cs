using System.Diagnostics.Metrics;
using Faas.Gateway.Hosting;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Scaling;

/// <summary>
/// Gauges of autoscaling on Kafka lag, exported at <c>GET /metrics</c>: <c>faas_kafka_consumer_lag</c> per partition,
/// and per target <c>faas_scale_desired_pollers</c>, <c>faas_scale_actual_pollers</c> and
/// <c>faas_scale_desired_environments</c> (labels <c>target_id</c>, <c>function_name</c>, <c>consumer_group</c>; lag
/// also <c>topic</c> and <c>partition</c>); for a target serving many functions, per function and qualifier
/// <c>faas_scale_function_backlog</c> and <c>faas_scale_function_desired_environments</c> (label <c>qualifier</c> too). The scaler grains may live on any silo, so the gateway reads their status
/// every <see cref="RefreshInterval"/> and the gauges report the latest reading.
/// </summary>
internal sealed partial class ScalingMetrics : BackgroundService
{
    /// <summary>The meter's name, for the exporter.</summary>
    public const string MeterName = "Faas.Gateway.Scaling";

    /// <summary>How often the statuses are read: the scalers' own default sample interval.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly Meter _meter;
    private readonly ScalingStatusReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger<ScalingMetrics> _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private volatile IReadOnlyList<KafkaScaleStatus> _latest = [];
    private bool _failing;

    public ScalingMetrics(IMeterFactory meters, ScalingStatusReader reader, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ScalingMetrics> logger)
    {
        _reader = reader;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("faas.kafka.consumer_lag", ObserveLag, description: "Records of a partition not yet committed by the consumer group (high watermark minus committed offset).");
        _meter.CreateObservableGauge("faas.scale.desired_pollers", () => Observe(static s => s.Decision?.DesiredPollers ?? 0), description: "Pollers the lag scaler decided a target should run.");
        _meter.CreateObservableGauge("faas.scale.actual_pollers", () => Observe(static s => s.ActualPollers), description: "Pollers the nodes report running for a target.");
        _meter.CreateObservableGauge("faas.scale.desired_environments", () => Observe(static s => s.Decision?.DesiredEnvironments ?? 0), description: "Warm environments the lag scaler asks the function's pool to keep.");
        _meter.CreateObservableGauge("faas.scale.function_backlog", () => ObserveFunctions(static f => f.EstimatedBacklog), description: "Records waiting for a function in a target serving many functions (the async-invocation topics), estimated from a sample of their headers.");
        _meter.CreateObservableGauge("faas.scale.function_desired_environments", () => ObserveFunctions(static f => f.DesiredEnvironments), description: "Warm environments the lag scaler asks a function's pool to keep for its share of a target serving many functions.");
    }

    /// <summary>The latest statuses read (empty until the first read).</summary>
    public IReadOnlyList<KafkaScaleStatus> Latest => _latest;

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, _time);
        try
        {
            await HostStart.WaitAsync(_lifetime, stoppingToken);
            do
            {
                try
                {
                    _latest = await _reader.ReadAllAsync();
                    if (_failing)
                    {
                        _failing = false;
                        Log.RefreshRecovered(_logger);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The silo may still be starting or briefly unreachable: the gauges keep the last reading.
                    if (!_failing)
                    {
                        _failing = true;
                        Log.RefreshFailed(_logger, ex.Message);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var status in _latest)
        {
            foreach (var partition in status.Partitions)
            {
                yield return new Measurement<long>(partition.Lag, [
                    .. Labels(status),
                    new KeyValuePair<string, object?>("topic", partition.Topic),
                    new KeyValuePair<string, object?>("partition", partition.Partition)]);
            }
        }
    }

    private IEnumerable<Measurement<int>> Observe(Func<KafkaScaleStatus, int> value)
    {
        foreach (var status in _latest)
        {
            yield return new Measurement<int>(value(status), Labels(status));
        }
    }

    private IEnumerable<Measurement<long>> ObserveFunctions(Func<FunctionBacklog, long> value)
    {
        foreach (var status in _latest)
        {
            foreach (var function in status.Functions)
            {
                yield return new Measurement<long>(value(function), [
                    new KeyValuePair<string, object?>("target_id", status.Target.Id),
                    new KeyValuePair<string, object?>("function_name", function.FunctionName),
                    new KeyValuePair<string, object?>("qualifier", function.Qualifier),
                    new KeyValuePair<string, object?>("consumer_group", status.Target.ConsumerGroup)]);
            }
        }
    }

    private static KeyValuePair<string, object?>[] Labels(KafkaScaleStatus status) =>
    [
        new("target_id", status.Target.Id),
        new("function_name", status.Target.FunctionName ?? ""),
        new("consumer_group", status.Target.ConsumerGroup),
    ];

    private static partial class Log
    {
        [LoggerMessage(EventId = 3442, EventName = "ScalingMetricsRefreshFailed", Level = LogLevel.Warning,
            Message = "Reading the scaling status for metrics failed: {Error}; the gauges keep the last reading.")]
        public static partial void RefreshFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 3443, EventName = "ScalingMetricsRefreshRecovered", Level = LogLevel.Information,
            Message = "Reading the scaling status for metrics works again.")]
        public static partial void RefreshRecovered(ILogger logger);
    }
}
