namespace Faas.Scheduler.Scaling;

/// <summary>The limits one decision must respect.</summary>
/// <param name="MinimumPollers">Pollers kept while the target is active.</param>
/// <param name="MaximumPollers">Most pollers ever.</param>
/// <param name="ReservedConcurrency">The function's (or the owner's) concurrency cap, or null.</param>
/// <param name="PerFunction">Whether the target feeds one function, whose warm environments the decision sets.</param>
internal readonly record struct ScaleBounds(int MinimumPollers, int MaximumPollers, int? ReservedConcurrency, bool PerFunction);
