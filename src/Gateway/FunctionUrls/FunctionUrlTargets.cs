using System.Collections.Concurrent;
using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.FunctionUrls;

/// <summary>
/// Looks up what a url id invokes (the registry's <see cref="IFunctionUrlGrain"/>, plus the function's payload format
/// choice) and keeps the answer for <see cref="FunctionUrlOptions.TargetCacheDuration"/>, so the warm path costs no
/// registry round trip. A cache it can lose: a changed or deleted URL takes effect within that time.
/// </summary>
internal sealed class FunctionUrlTargets(IGrainFactory grains, GatewayOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (FunctionUrlRoute Route, long ExpiresAt)> _cache = new(StringComparer.Ordinal);
    private readonly long _ttlTicks = (long)(options.FunctionUrls.TargetCacheDuration.TotalSeconds * time.TimestampFrequency);

    /// <summary>The URL's route, or null when no such URL exists.</summary>
    public async ValueTask<FunctionUrlRoute?> GetAsync(string urlId)
    {
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(urlId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Route;
        }

        var target = await grains.GetGrain<IFunctionUrlGrain>(urlId).GetAsync();
        if (target is null)
        {
            _cache.TryRemove(urlId, out _);
            return null;
        }

        // A function that no longer resolves still gets a route: its invocation answers with Lambda's not-found error.
        var resolved = await grains.GetGrain<IFunctionGrain>(target.FunctionName).ResolveAsync(target.Qualifier);
        var route = new FunctionUrlRoute(target, FunctionUrlRoute.FormatOf(resolved?.Primary.Environment));
        if (_ttlTicks > 0)
        {
            _cache[urlId] = (route, now + _ttlTicks);
        }

        return route;
    }
}
