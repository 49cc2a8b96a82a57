using System.Diagnostics.Metrics;

namespace Faas.Gateway.Invoke;

/// <summary>
/// Per-function invocation metrics with Lambda's meanings, exported at <c>GET /metrics</c>: invocations (that ran,
/// including function errors), errors (function errors), throttles, duration, concurrent executions and cold starts;
/// and, Faas's own, duplicates of idempotent functions answered from their record without running.
/// </summary>
internal sealed class InvokeMetrics : IDisposable
{
    /// <summary>The meter's name, for the exporter.</summary>
    public const string MeterName = "Faas.Gateway.Invoke";

    private readonly Meter _meter;
    private readonly Counter<long> _invocations;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _throttles;
    private readonly Counter<long> _coldStarts;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _initDuration;
    private readonly UpDownCounter<long> _concurrent;
    private readonly Counter<long> _replays;

    public InvokeMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _invocations = _meter.CreateCounter<long>("faas.invocations", description: "Invocations that ran the function, including those that ended in a function error.");
        _errors = _meter.CreateCounter<long>("faas.errors", description: "Invocations that ended in a function error (exception, timeout, crash, init error).");
        _throttles = _meter.CreateCounter<long>("faas.throttles", description: "Invocations refused with TooManyRequestsException.");
        _coldStarts = _meter.CreateCounter<long>("faas.cold_starts", description: "Invocations that initialised an execution environment first.");
        _duration = _meter.CreateHistogram<double>("faas.duration", unit: "ms", description: "Time the function ran per invocation, as in Lambda's REPORT line.");
        _initDuration = _meter.CreateHistogram<double>("faas.init_duration", unit: "ms", description: "Init duration of cold starts.");
        _concurrent = _meter.CreateUpDownCounter<long>("faas.concurrent_executions", description: "Invocations running now.");
        _replays = _meter.CreateCounter<long>("faas.idempotent_replays", description: "Invocations of idempotent functions answered from a completed record without running.");
    }

    public void ExecutionStarted(string functionName) => _concurrent.Add(1, new KeyValuePair<string, object?>("function_name", functionName));

    public void ExecutionEnded(string functionName) => _concurrent.Add(-1, new KeyValuePair<string, object?>("function_name", functionName));

    public void Throttled(string functionName) => _throttles.Add(1, new KeyValuePair<string, object?>("function_name", functionName));

    public void Replayed(string functionName) => _replays.Add(1, new KeyValuePair<string, object?>("function_name", functionName));

    /// <summary>Records one invocation that ran.</summary>
    public void Invoked(string functionName, string executedVersion, bool functionError, double? durationMs, double? initDurationMs)
    {
        var function = new KeyValuePair<string, object?>("function_name", functionName);
        var version = new KeyValuePair<string, object?>("executed_version", executedVersion);
        _invocations.Add(1, function, version);
        if (functionError)
        {
            _errors.Add(1, function, version);
        }

        if (durationMs is { } duration)
        {
            _duration.Record(duration, function, version);
        }

        if (initDurationMs is { } init)
        {
            _coldStarts.Add(1, function, version);
            _initDuration.Record(init, function, version);
        }
    }

    public void Dispose() => _meter.Dispose();
}
