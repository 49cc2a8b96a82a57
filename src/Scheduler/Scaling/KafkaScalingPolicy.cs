using System.Globalization;
using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Scaling;

/// <summary>
/// Decides a target's pollers and warm environments from its lag, KEDA's way: one poller per
/// <see cref="ScalingOptions.LagPerPoller"/> records behind, active only above <see cref="ScalingOptions.ActivationLag"/>,
/// up at once, down only after <see cref="ScalingOptions.StabilizationWindow"/>, to zero after
/// <see cref="ScalingOptions.IdleWindow"/> at or below the activation threshold. Holds the recent recommendations of one
/// target; the caller passes <c>now</c>, so tests drive the clock.
/// </summary>
/// <remarks>
/// Bounds, in order: at least <c>MinimumPollers</c> (and 1) while active; at most the partition count (a consumer beyond
/// it gets no partition), <c>MaximumPollers</c> and the reserved concurrency (each poller runs at least one invocation).
/// Environments: a poller runs one batch at a time per partition it holds, so concurrent invocations are at most the
/// partitions with lag; the floor asks for one environment per busy partition, at least one per poller, never more than
/// the partitions or the reserved concurrency. Committed offsets lag behind records in flight, so lag at or below the
/// threshold also means nothing is in flight.
/// </remarks>
internal sealed class KafkaScalingPolicy(ScalingOptions options)
{
    private readonly Queue<Recommendation> _recent = new();
    private DateTimeOffset? _idleSince;
    private KafkaScaleDecision? _last;

    /// <summary>The previous decision, or null.</summary>
    public KafkaScaleDecision? Last => _last;

    public KafkaScaleDecision Decide(LagSample sample, ScaleBounds bounds, DateTimeOffset now)
    {
        // 1. Hard bounds apply at once, also to what the stabilisation window holds.
        var concurrency = bounds.ReservedConcurrency is { } reserved ? Math.Max(0, reserved) : int.MaxValue;
        var upper = Math.Min(Math.Min(bounds.MaximumPollers, sample.PartitionCount), concurrency);
        var environmentsUpper = bounds.PerFunction ? Math.Min(sample.PartitionCount, concurrency) : 0;
        var lower = Math.Min(Math.Max(1, bounds.MinimumPollers), upper);
        var active = sample.TotalLag > options.ActivationLag;

        // 2. This sample's recommendation.
        int pollers;
        string reason;
        if (upper <= 0)
        {
            pollers = 0;
            reason = bounds.ReservedConcurrency == 0 ? "reserved concurrency is 0: no pollers"
                : sample.PartitionCount == 0 ? "the topics have no partitions (yet): no pollers"
                : "maximum pollers is 0: no pollers";
            _recent.Clear();
        }
        else if (active)
        {
            _idleSince = null;
            var wanted = (sample.TotalLag + options.LagPerPoller - 1) / options.LagPerPoller;
            pollers = (int)Math.Clamp(wanted, lower, upper);
            reason = string.Create(CultureInfo.InvariantCulture, $"lag {sample.TotalLag} > activation {options.ActivationLag}: ceil({sample.TotalLag}/{options.LagPerPoller}) = {wanted} pollers");
            if (wanted > upper)
            {
                reason += string.Create(CultureInfo.InvariantCulture, $", capped at {upper} ({CapName(bounds, sample, upper)})");
            }
            else if (wanted < lower)
            {
                reason += string.Create(CultureInfo.InvariantCulture, $", raised to the minimum {lower}");
            }
        }
        else
        {
            _idleSince ??= now;
            var idleFor = now - _idleSince.Value;
            if (_last is not { DesiredPollers: > 0 } || idleFor >= options.IdleWindow)
            {
                // Idle long enough, or never scaled up: zero, and nothing held from before.
                _recent.Clear();
                var why = string.Create(CultureInfo.InvariantCulture, $"lag {sample.TotalLag} <= activation {options.ActivationLag}")
                    + (_last is { DesiredPollers: > 0 } ? $" for {Seconds(options.IdleWindow)}: scaled to zero" : ": at zero");
                return Decision(0, 0, active: false, why, now);
            }

            pollers = lower;
            reason = string.Create(CultureInfo.InvariantCulture, $"lag {sample.TotalLag} <= activation {options.ActivationLag} for {Seconds(idleFor)} of {Seconds(options.IdleWindow)} before scaling to zero");
        }

        var environments = pollers == 0 || !bounds.PerFunction ? 0 : Math.Clamp(active ? sample.BusyPartitions : pollers, pollers, Math.Max(pollers, environmentsUpper));

        // 3. Stabilisation: the decision is the largest recommendation of the window, so it rises at once and falls
        //    only once every higher recommendation has aged out.
        _recent.Enqueue(new Recommendation(now, pollers, environments));
        while (_recent.Count > 1 && now - _recent.Peek().At > options.StabilizationWindow)
        {
            _recent.Dequeue();
        }

        var decidedPollers = Math.Min(_recent.Max(static r => r.Pollers), Math.Max(upper, 0));
        var decidedEnvironments = Math.Min(_recent.Max(static r => r.Environments), environmentsUpper);
        if (decidedPollers > pollers)
        {
            reason += string.Create(CultureInfo.InvariantCulture, $"; holding {decidedPollers} for the {Seconds(options.StabilizationWindow)} stabilisation window");
        }

        return Decision(decidedPollers, decidedEnvironments, active, reason, now);
    }

    private KafkaScaleDecision Decision(int pollers, int environments, bool active, string reason, DateTimeOffset now)
    {
        var changed = _last is null || _last.DesiredPollers != pollers ? now : _last.ChangedAt;
        _last = new KafkaScaleDecision
        {
            DesiredPollers = pollers,
            DesiredEnvironments = environments,
            Active = active,
            Reason = reason,
            DecidedAt = now,
            ChangedAt = changed,
        };
        return _last;
    }

    private static string CapName(ScaleBounds bounds, LagSample sample, int upper) =>
        upper == sample.PartitionCount ? "partitions"
        : upper == bounds.MaximumPollers ? "maximum pollers"
        : "reserved concurrency";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private readonly record struct Recommendation(DateTimeOffset At, int Pollers, int Environments);
}
