using Confluent.Kafka;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Scaling;

/// <summary>
/// Scales one watched target on its consumer lag (key = target id). Every <see cref="ScalingOptions.SampleInterval"/>
/// a grain timer reads the lag per partition (<see cref="KafkaLagReader"/>), the <see cref="KafkaScalingPolicy"/>
/// decides, and the decision is applied: the function's pool gets a demand floor of warm environments
/// (<see cref="IFunctionDemandGrain"/>) and the registered <see cref="IScaleDecisionSink"/>s get the poller count.
/// </summary>
/// <remarks>
/// The target is stored, so after a restart the scaler is woken (<see cref="ScalerActivator"/>) and samples again.
/// The timer interleaves with calls, so status reads are answered while a sample waits on the brokers; a change of
/// target during a sample is detected by a generation number and the stale sample dropped. A failed sample keeps the
/// previous decision: missing data never scales anything down.
/// </remarks>
internal sealed partial class KafkaScalerGrain(
    [PersistentState("kafka-scaler", SchedulerStorage.Functions)] IPersistentState<KafkaScalerState> state,
    ScalingOptions options,
    IEnumerable<IScaleDecisionSink> sinks,
    TimeProvider time,
    ILogger<KafkaScalerGrain> logger) : Grain, IKafkaScalerGrain
{
    // A decision above zero is pushed again this often, so a pool or poller owner that restarted catches up.
    private static readonly TimeSpan ReapplyInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (int Pollers, DateTimeOffset At)> _actual = new(StringComparer.Ordinal);
    private readonly KafkaScalingPolicy _policy = new(options);
    private readonly List<KafkaLagReader> _retired = [];
    private readonly AsyncDemandPolicy _asyncDemand = new(options);
    private readonly Dictionary<BacklogKey, int> _appliedAsync = [];
    private KafkaLagReader? _reader;
    private AsyncBacklogSampler? _sampler;
    private List<FunctionBacklog> _functions = [];
    private string? _backlogError;
    private DateTimeOffset _asyncAppliedAt;
    private IGrainTimer? _timer;
    private long _generation;
    private bool _sampling;
    private List<PartitionLag> _partitions = [];
    private DateTimeOffset? _sampledAt;
    private string? _sampleError;
    private (string Function, string Qualifier, int Environments)? _appliedDemand;
    private DateTimeOffset _demandAppliedAt;
    private int? _appliedPollers;
    private DateTimeOffset _pollersAppliedAt;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Target is { } target)
        {
            Start(target);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    public async Task WatchAsync(KafkaScaleTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Validate(target) is { } problem)
        {
            throw new ArgumentException($"Scale target '{target.Id}': {problem}", nameof(target));
        }

        var previous = state.State.Target;
        if (previous is not null && previous.SameAs(target))
        {
            return;
        }

        // 1. Listed before it is stored, so a crash leaves at most a listed id whose scaler has nothing to watch.
        await GrainFactory.GetGrain<IKafkaScalerIndexGrain>(IKafkaScalerIndexGrain.Key).AddAsync(Id);
        state.State.Target = target;
        await state.WriteStateAsync();

        // 2. Demand asked for another function or version is withdrawn.
        if (_appliedDemand is { Environments: > 0 } demand && (demand.Function != target.FunctionName || demand.Qualifier != target.Qualifier))
        {
            await ApplyDemandAsync(demand.Function, demand.Qualifier, 0);
        }

        if (!AttributesBacklog(target))
        {
            await WithdrawAsyncDemandAsync();
        }

        Log.Watching(logger, Id, target.Kind.ToString(), target.FunctionName ?? "", target.ConsumerGroup, string.Join(",", target.Topics));
        Start(target);
    }

    public async Task UnwatchAsync()
    {
        if (state.State.Target is not { } target)
        {
            return;
        }

        Stop();
        if (_appliedDemand is { Environments: > 0 } demand)
        {
            await ApplyDemandAsync(demand.Function, demand.Qualifier, 0);
        }

        await WithdrawAsyncDemandAsync();

        await state.ClearStateAsync();
        await GrainFactory.GetGrain<IKafkaScalerIndexGrain>(IKafkaScalerIndexGrain.Key).RemoveAsync(Id);
        Log.Unwatched(logger, Id, target.ConsumerGroup);
        DeactivateOnIdle();
    }

    public Task ReportActualAsync(string nodeId, int pollers)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        if (pollers <= 0)
        {
            _actual.Remove(nodeId);
        }
        else
        {
            _actual[nodeId] = (pollers, time.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    public Task<KafkaScaleDecision?> GetDecisionAsync() => Task.FromResult(state.State.Target is null ? null : _policy.Last);

    public Task<KafkaScaleStatus?> GetStatusAsync()
    {
        if (state.State.Target is not { } target)
        {
            return Task.FromResult<KafkaScaleStatus?>(null);
        }

        return Task.FromResult<KafkaScaleStatus?>(new KafkaScaleStatus
        {
            Target = target,
            Partitions = _partitions,
            TotalLag = _partitions.Sum(static p => p.Lag),
            Decision = _policy.Last,
            ActualPollers = ActualPollers(),
            SampledAt = _sampledAt,
            SampleError = _sampleError,
            Functions = _functions,
        });
    }

    private void Start(KafkaScaleTarget target)
    {
        Stop();
        _generation++;
        _reader = new KafkaLagReader(target, message => Log.ClientLog(logger, Id, message));
        if (AttributesBacklog(target))
        {
            try
            {
                _sampler = new AsyncBacklogSampler(target, options.AsyncBacklogSample, message => Log.ClientLog(logger, Id, message));
            }
            catch (KafkaException ex)
            {
                // The target's lag is still read and shown; no function's environments are sized from it.
                Log.BacklogSampleFailed(logger, Id, ex.Message);
            }
        }
        _timer = this.RegisterGrainTimer(
            SampleAsync,
            new GrainTimerCreationOptions(TimeSpan.Zero, options.SampleInterval) { Interleave = true, KeepAlive = true });
    }

    private void Stop()
    {
        _generation++;
        _timer?.Dispose();
        _timer = null;
        if (_reader is { } reader)
        {
            // A sample in flight may be inside a call of this client: it is disposed when that sample ends.
            if (_sampling)
            {
                _retired.Add(reader);
            }
            else
            {
                reader.Dispose();
            }
        }

        _reader = null;

        // A sample in flight disposes the consumer when it ends.
        _sampler?.Dispose();
        _sampler = null;
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        if (_sampling || _reader is not { } reader || state.State.Target is not { } target)
        {
            return;
        }

        _sampling = true;
        var generation = _generation;
        try
        {
            // 1. Lag per partition; a failure keeps the previous decision.
            List<PartitionLag> partitions;
            try
            {
                partitions = await reader.ReadAsync(options.SampleTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (generation == _generation && _sampleError != ex.Message)
                {
                    _sampleError = ex.Message;
                    Log.SampleFailed(logger, Id, target.ConsumerGroup, ex.Message);
                }

                return;
            }

            // 2. The function's reserved concurrency bounds pollers and environments (read on every sample: it may change).
            int? reserved = target.ReservedConcurrency;
            if (target.FunctionName is { } function)
            {
                var plan = await GrainFactory.GetGrain<IFunctionGrain>(function).GetPoolPlanAsync();
                reserved = !plan.Exists ? 0 : Min(reserved, plan.ReservedConcurrency);
            }

            if (generation != _generation)
            {
                return;
            }

            if (_sampleError is not null)
            {
                Log.SampleRecovered(logger, Id, target.ConsumerGroup);
                _sampleError = null;
            }

            _partitions = partitions;
            var now = time.GetUtcNow();
            _sampledAt = now;

            // 3. Decide.
            var previous = _policy.Last;
            var sample = new LagSample(partitions.Sum(static p => p.Lag), partitions.Count, partitions.Count(static p => p.Lag > 0));
            var bounds = new ScaleBounds(target.MinimumPollers, target.MaximumPollers, reserved, target.FunctionName is not null);
            var decision = _policy.Decide(sample, bounds, now);
            if (previous is null || previous.DesiredPollers != decision.DesiredPollers || previous.DesiredEnvironments != decision.DesiredEnvironments)
            {
                Log.DecisionChanged(logger, Id, target.FunctionName ?? "", previous?.DesiredPollers ?? 0, decision.DesiredPollers, decision.DesiredEnvironments, sample.TotalLag, decision.Reason);
            }

            // 4. Apply: warm environments for the function, the poller count to whoever runs the pollers.
            await ApplyAsync(target, decision, now, cancellationToken);

            // 5. A target serving many functions: whose records wait, and warm environments for each of them.
            if (_sampler is { } sampler)
            {
                await SampleBacklogAsync(sampler, partitions, generation, cancellationToken);
            }
        }
        finally
        {
            _sampling = false;
            foreach (var retired in _retired)
            {
                retired.Dispose();
            }

            _retired.Clear();
        }
    }

    private async Task ApplyAsync(KafkaScaleTarget target, KafkaScaleDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (target.FunctionName is { } function)
        {
            var wanted = (function, target.Qualifier, decision.DesiredEnvironments);
            var applied = _appliedDemand ?? (function, target.Qualifier, 0);
            if (applied != wanted || (decision.DesiredEnvironments > 0 && now - _demandAppliedAt >= ReapplyInterval))
            {
                await ApplyDemandAsync(function, target.Qualifier, decision.DesiredEnvironments);
                _demandAppliedAt = now;
            }
        }

        if (_appliedPollers != decision.DesiredPollers || (decision.DesiredPollers > 0 && now - _pollersAppliedAt >= ReapplyInterval))
        {
            _appliedPollers = decision.DesiredPollers;
            _pollersAppliedAt = now;
            foreach (var sink in sinks)
            {
                try
                {
                    await sink.ApplyAsync(target, decision, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Tried again at the next reapply; the decision stays readable meanwhile.
                    Log.ApplyFailed(logger, Id, sink.GetType().Name, ex.Message);
                }
            }
        }
    }

    private async Task ApplyDemandAsync(string function, string qualifier, int environments)
    {
        try
        {
            await GrainFactory.GetGrain<IFunctionDemandGrain>(function).SetDemandAsync(Id, qualifier, environments);
            _appliedDemand = (function, qualifier, environments);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next sample tries again (the applied demand is unchanged, so it differs from the wanted one).
            Log.ApplyFailed(logger, Id, nameof(IFunctionDemandGrain), ex.Message);
        }
    }

    private int ActualPollers()
    {
        var now = time.GetUtcNow();
        foreach (var node in _actual.Where(n => now - n.Value.At > options.ActualReportLifetime).Select(static n => n.Key).ToList())
        {
            _actual.Remove(node);
        }

        return _actual.Values.Sum(static n => n.Pollers);
    }

    private static int? Min(int? a, int? b) => a is { } x && b is { } y ? Math.Min(x, y) : a ?? b;

    private string? Validate(KafkaScaleTarget target)
    {
        if (target.Id != Id)
        {
            return $"its id must be the scaler's key '{Id}'";
        }

        if (string.IsNullOrWhiteSpace(target.BootstrapServers))
        {
            return "bootstrap servers are required";
        }

        if (string.IsNullOrWhiteSpace(target.ConsumerGroup))
        {
            return "a consumer group is required";
        }

        if (target.Topics.Count == 0 || target.Topics.Any(string.IsNullOrWhiteSpace))
        {
            return "at least one topic, none empty, is required";
        }

        if (target.MinimumPollers < 0 || target.MaximumPollers < 1 || target.MinimumPollers > target.MaximumPollers)
        {
            return $"pollers must satisfy 0 <= minimum <= maximum and maximum >= 1; got {target.MinimumPollers}..{target.MaximumPollers}";
        }

        return target.ReservedConcurrency < 0 ? "reserved concurrency must not be negative" : null;
    }
}
