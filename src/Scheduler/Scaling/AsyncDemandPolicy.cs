namespace Faas.Scheduler.Scaling;

/// <summary>
/// Stabilises the warm environments the async backlog asks per function and qualifier, as <see cref="KafkaScalingPolicy"/>
/// does for a target: up at once, down only once every higher recommendation of the last
/// <see cref="ScalingOptions.StabilizationWindow"/> has aged out, so a function that left the backlog goes to zero one
/// window later. Hard bounds (a lowered reserved concurrency, a deleted function) apply at once. The caller passes
/// <c>now</c>, so tests drive the clock.
/// </summary>
internal sealed class AsyncDemandPolicy(ScalingOptions options)
{
    private readonly Dictionary<BacklogKey, Queue<(DateTimeOffset At, int Environments)>> _recent = [];

    /// <summary>The functions and qualifiers with a recommendation still in the window (a cap must be known for each).</summary>
    public IEnumerable<BacklogKey> Held => _recent.Keys;

    /// <summary>
    /// Takes this sample's recommendation (keys absent recommend 0) and returns the decision for every key recommended
    /// now or held from before; a key whose window holds only zeros gets 0 and is forgotten.
    /// </summary>
    public Dictionary<BacklogKey, int> Decide(IReadOnlyDictionary<BacklogKey, int> recommended, Func<string, int> capOf, DateTimeOffset now)
    {
        var decided = new Dictionary<BacklogKey, long>();
        foreach (var key in recommended.Keys.Union(_recent.Keys).ToList())
        {
            if (!_recent.TryGetValue(key, out var recent))
            {
                recent = new Queue<(DateTimeOffset At, int Environments)>();
                _recent[key] = recent;
            }

            recent.Enqueue((now, Math.Max(0, recommended.GetValueOrDefault(key))));
            while (recent.Count > 1 && now - recent.Peek().At > options.StabilizationWindow)
            {
                recent.Dequeue();
            }

            var highest = recent.Max(static r => r.Environments);
            if (highest == 0)
            {
                _recent.Remove(key);
            }

            decided[key] = highest;
        }

        // The cap is shared by a function's qualifiers, also for what the window holds.
        return AsyncBacklogEstimate.Bound(decided, capOf);
    }

    /// <summary>Forgets everything (the target was unwatched).</summary>
    public void Clear() => _recent.Clear();
}
