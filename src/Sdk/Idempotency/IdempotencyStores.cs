using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Faas.Idempotency;

/// <summary>Creates idempotency stores.</summary>
public static class IdempotencyStores
{
    /// <summary>
    /// A store over the Redis at <paramref name="configuration"/> (a StackExchange.Redis configuration string, e.g.
    /// <c>redis:6379</c>). The connection is made in the background and made again after a failure; while Redis cannot
    /// be reached every call fails at once with <see cref="IdempotencyPersistenceLayerException"/> instead of queueing.
    /// </summary>
    /// <param name="configuration">The Redis connection string.</param>
    /// <param name="operationTimeout">The longest a connection attempt or a command may take; default 2 s.</param>
    /// <param name="time">The clock records are dated by; default the system clock.</param>
    /// <param name="logger">Where deferred writes are reported.</param>
    public static IIdempotencyStore Redis(string configuration, TimeSpan? operationTimeout = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = ConfigurationOptions.Parse(configuration);
        var timeout = (int)(operationTimeout ?? TimeSpan.FromSeconds(2)).TotalMilliseconds;
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = timeout;
        options.SyncTimeout = timeout;
        options.AsyncTimeout = timeout;

        // Every idempotent invocation is refused (or unguarded) while disconnected: come back soon after Redis does.
        options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 2000);
        return new RedisIdempotencyStore(ConnectionMultiplexer.Connect(options), ownsConnection: true, time ?? TimeProvider.System, logger);
    }

    /// <summary>A store over a connection the caller owns (and disposes).</summary>
    public static IIdempotencyStore Redis(IConnectionMultiplexer connection, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new RedisIdempotencyStore(connection, ownsConnection: false, time ?? TimeProvider.System, logger);
    }

    /// <summary>A store in this process's memory: same semantics, nothing durable or shared.</summary>
    public static IIdempotencyStore InMemory(TimeProvider? time = null) => new InMemoryIdempotencyStore(time ?? TimeProvider.System);
}
