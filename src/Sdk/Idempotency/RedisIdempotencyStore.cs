using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Faas.Idempotency;

/// <summary>
/// Records in Redis, shared by every gateway and handler that uses the same server. Each change is one Lua script
/// (<see cref="RedisScripts"/>). Waiters are woken through one pub/sub channel (the message is the record key): a
/// completion reaches every waiting process at once, with no per-waiter polling load on Redis; the runner still
/// re-reads with backoff, which covers a message lost while a connection was being re-established.
/// </summary>
internal sealed partial class RedisIdempotencyStore : IIdempotencyStore, IAsyncDisposable
{
    /// <summary>The channel completions and releases are announced on.</summary>
    public const string SettledChannel = "faas:idempotency:settled";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SettleSignals _signals = new();
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _retries;
    private readonly RedisChannel _channel = RedisChannel.Literal(SettledChannel);

    public RedisIdempotencyStore(IConnectionMultiplexer redis, bool ownsConnection, TimeProvider time, ILogger? logger)
    {
        _redis = redis;
        _ownsConnection = ownsConnection;
        _time = time;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        // Subscriptions are kept by the multiplexer and made again after a reconnection; wake-ups missed meanwhile are
        // made up for by waking every waiter when a connection comes back.
        _redis.GetSubscriber().Subscribe(_channel, (_, key) => _signals.Signal(key.ToString()), CommandFlags.FireAndForget);
        _redis.ConnectionRestored += OnConnectionRestored;
        _retries = Task.Run(RetryPendingAsync);
    }

    public async ValueTask<IdempotencyClaim> BeginAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var until = now + request.InProgressFor;
        var owner = Guid.NewGuid().ToString("N");
        RedisResult result;
        try
        {
            result = await _redis.GetDatabase().ScriptEvaluateAsync(
                RedisScripts.Begin,
                [request.Key],
                [now.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds(), EpochSeconds(now + request.ExpiresAfter), request.Validation ?? "", owner]).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }

        var answer = (RedisResult[])result!;
        var status = answer[0].ToString();
        return status switch
        {
            "ACQUIRED" => new IdempotencyClaim { Status = IdempotencyClaimStatus.Acquired, Request = request, InProgressUntil = until, Owner = owner },
            "COMPLETED" => new IdempotencyClaim { Status = IdempotencyClaimStatus.Completed, Request = request, Data = (byte[])answer[1]! },
            "INPROGRESS" => new IdempotencyClaim
            {
                Status = IdempotencyClaimStatus.InProgress,
                Request = request,
                InProgressUntil = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(answer[1].ToString(), CultureInfo.InvariantCulture)),
            },
            "MISMATCH" => new IdempotencyClaim { Status = IdempotencyClaimStatus.PayloadMismatch, Request = request },
            _ => throw new InvalidOperationException($"Unexpected answer '{status}' from the idempotency script."),
        };
    }

    public async ValueTask<bool> CompleteAsync(IdempotencyClaim claim, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var write = new PendingWrite(claim, data, Complete: true);
        try
        {
            return await WriteAsync(write).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            Log.WriteDeferred(_logger, claim.Request.Key, "completion", e);
            _pending.Writer.TryWrite(write);
            return false;
        }
    }

    public async ValueTask ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var write = new PendingWrite(claim, default, Complete: false);
        try
        {
            await WriteAsync(write).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            Log.WriteDeferred(_logger, claim.Request.Key, "release", e);
            _pending.Writer.TryWrite(write);
        }
    }

    public IdempotencyWatch Watch(string key) => _signals.Watch(key);

    public async Task ForgetScopeAsync(string scope, CancellationToken cancellationToken)
    {
        try
        {
            var database = _redis.GetDatabase();
            foreach (var endpoint in _redis.GetEndPoints())
            {
                var server = _redis.GetServer(endpoint);
                if (!server.IsConnected || server.IsReplica)
                {
                    continue;
                }

                var batch = new List<RedisKey>(256);
                await foreach (var key in server.KeysAsync(pattern: IdempotencyKeys.ScopePattern(scope), pageSize: 256).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    batch.Add(key);
                    if (batch.Count == 256)
                    {
                        await database.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    await database.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        _pending.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _retries.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: writes still pending end with their records' in-progress time.
        }

        _stopping.Dispose();
        if (_ownsConnection)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> WriteAsync(PendingWrite write)
    {
        var claim = write.Claim;
        var database = _redis.GetDatabase();
        if (!write.Complete)
        {
            await database.ScriptEvaluateAsync(RedisScripts.Release, [claim.Request.Key], [claim.Owner, SettledChannel]).ConfigureAwait(false);
            _signals.Signal(claim.Request.Key);
            return true;
        }

        var expires = _time.GetUtcNow() + claim.Request.ExpiresAfter;
        var stored = await database.ScriptEvaluateAsync(
            RedisScripts.Complete,
            [claim.Request.Key],
            [claim.Owner, EpochSeconds(expires), write.Data, expires.ToUnixTimeMilliseconds(), claim.Request.Validation ?? "", SettledChannel]).ConfigureAwait(false);
        _signals.Signal(claim.Request.Key);
        return (int)stored == 1;
    }

    // Writes that found Redis down are retried until their claim's in-progress time ends; after that the record has
    // expired in Redis (or been taken over), and writing it would be wrong or pointless.
    private async Task RetryPendingAsync()
    {
        var reader = _pending.Reader;
        var retry = new List<PendingWrite>();
        var delay = FirstRetry;
        while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
        {
            while (reader.TryRead(out var write))
            {
                retry.Add(write);
            }

            await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var failed = false;
            foreach (var write in retry)
            {
                if (now >= write.Claim.InProgressUntil)
                {
                    Log.WriteAbandoned(_logger, write.Claim.Request.Key);
                    continue;
                }

                try
                {
                    await WriteAsync(write).ConfigureAwait(false);
                    Log.WriteRetried(_logger, write.Claim.Request.Key);
                }
                catch (Exception e) when (IsUnavailable(e))
                {
                    failed = true;
                    _pending.Writer.TryWrite(write);
                }
            }

            retry.Clear();
            delay = failed ? TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks)) : FirstRetry;
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _signals.SignalAll();

    private static long EpochSeconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() + 999) / 1000;

    private static bool IsUnavailable(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException;

    private static IdempotencyPersistenceLayerException Unavailable(Exception e)
        => new($"The idempotency store (Redis) could not be reached: {e.Message}", e);

    private sealed record PendingWrite(IdempotencyClaim Claim, ReadOnlyMemory<byte> Data, bool Complete);
}
