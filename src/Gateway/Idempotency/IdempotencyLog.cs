using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Idempotency;

/// <summary>
/// Where the gateway keeps idempotency records, said once at start (ids 3901-3902). Memory is said as information: it
/// is the single-node default, and only a warning once a function is idempotent (said then, by the invocations).
/// </summary>
internal static partial class IdempotencyLog
{
    [LoggerMessage(EventId = 3901, EventName = "IdempotencyInMemory", Level = LogLevel.Information,
        Message = "Idempotency records are kept in this gateway's memory: they are lost on restart and not shared with other gateways. Set Gateway:Idempotency:Redis (faas up --redis) to keep them in Redis.")]
    public static partial void InMemory(ILogger logger);

    [LoggerMessage(EventId = 3902, EventName = "IdempotencyRedis", Level = LogLevel.Information,
        Message = "Idempotency records are kept in Redis at '{Endpoints}'.")]
    public static partial void InRedis(ILogger logger, string endpoints);
}
