using Faas.Platform.Tests.Common;
using StackExchange.Redis;

namespace Faas.Platform.Tests.Idempotency;

/// <summary>
/// A platform whose gateway keeps idempotency records in a real <c>redis-server</c> of its own (the function registry
/// stays in local files, so a test may kill and restart Redis without touching the scheduler), and a direct connection
/// to that Redis for looking at the records.
/// </summary>
public sealed class IdempotencyFixture : IAsyncLifetime
{
    private ConnectionMultiplexer? _inspector;

    public PlatformFixture Platform { get; } = new();

    public RedisServer Redis { get; private set; } = null!;

    public IdempotencyProbe Probe { get; private set; } = null!;

    /// <summary>A connection to the records' Redis that reconnects by itself after a restart.</summary>
    public IDatabase Records => _inspector!.GetDatabase();

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Platform.Options.ConfigureGateway = gateway => gateway.Idempotency.Redis = Redis.ConnectionString;
        await Platform.InitializeAsync();
        Probe = new IdempotencyProbe(Platform);
        // Fails fast while Redis is down and tries again every 200 ms, so a test sees Redis soon after it is back.
        _inspector = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { Redis.ConnectionString },
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new LinearRetry(200),
            ConnectTimeout = 1000,
        });
    }

    public async Task DisposeAsync()
    {
        if (_inspector is not null)
        {
            await _inspector.DisposeAsync();
        }

        await Platform.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>Tests against the Redis-backed platform run one at a time (some stop its Redis).</summary>
[CollectionDefinition(Name)]
public sealed class IdempotencyCollection : ICollectionFixture<IdempotencyFixture>
{
    public const string Name = "Idempotency";
}
