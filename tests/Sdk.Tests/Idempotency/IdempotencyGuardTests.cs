using Faas.Idempotency;
using Faas.Testing;

namespace Faas.Sdk.Tests.Idempotency;

/// <summary>The handler-side helper over a real <c>redis-server</c>: the same records and semantics as the platform's.</summary>
public sealed class IdempotencyGuardTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private IIdempotencyStore _store = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _store = IdempotencyStores.Redis(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncDisposable)_store).DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_SameEventKeyTwice_RunsOnceAndReplaysTheTypedResult()
    {
        var guard = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique(), EventKeyPath = "orderId" });
        var runs = 0;

        var first = await guard.RunAsync(new Order("o-1", 10), (order, _) => Task.FromResult(new Receipt(order.OrderId, ++runs)));
        var second = await guard.RunAsync(new Order("o-1", 99), (order, _) => Task.FromResult(new Receipt(order.OrderId, ++runs)));
        var other = await guard.RunAsync(new Order("o-2", 10), (order, _) => Task.FromResult(new Receipt(order.OrderId, ++runs)));

        Assert.Equal(new Receipt("o-1", 1), first);
        Assert.Equal(first, second);
        Assert.Equal(new Receipt("o-2", 2), other);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_LeavesNoRecordSoTheRetryRuns()
    {
        var guard = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique() });
        var runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.RunAsync<int>("k", _ => ++runs == 1 ? throw new InvalidOperationException("first fails") : Task.FromResult(runs)));
        var retried = await guard.RunAsync("k", _ => Task.FromResult(++runs));

        Assert.Equal(2, retried);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunAsync_ConcurrentDuplicates_RunOnceAndWaitersGetTheResult()
    {
        var guard = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique(), WaitFor = TimeSpan.FromSeconds(30) });
        var runs = 0;
        var release = new TaskCompletionSource();

        var callers = Enumerable.Range(0, 50).Select(_ => guard.RunAsync("k", async _ =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            return "done";
        })).ToList();
        while (Volatile.Read(ref runs) == 0)
        {
            await Task.Delay(10);
        }

        release.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.All(results, result => Assert.Equal("done", result));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunAsync_DuplicateWhileRunningWithoutWait_ThrowsAlreadyInProgress()
    {
        var guard = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique() });
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();

        var first = guard.RunAsync("k", async _ =>
        {
            started.SetResult();
            await release.Task;
            return 1;
        });
        await started.Task;
        var duplicate = await Assert.ThrowsAsync<IdempotencyAlreadyInProgressException>(() => guard.RunAsync("k", _ => Task.FromResult(2)));
        release.SetResult();

        Assert.Equal(1, await first);
        Assert.NotNull(duplicate);
    }

    [Fact]
    public async Task RunAsync_PayloadValidationOtherPayload_ThrowsValidation()
    {
        var guard = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique(), PayloadValidation = true });

        await guard.RunAsync("k", _ => Task.FromResult(1), "a"u8.ToArray());
        var mismatch = await Assert.ThrowsAsync<IdempotencyValidationException>(() => guard.RunAsync("k", _ => Task.FromResult(2), "b"u8.ToArray()));
        var same = await guard.RunAsync("k", _ => Task.FromResult(3), "a"u8.ToArray());

        Assert.NotNull(mismatch);
        Assert.Equal(1, same);
    }

    [Fact]
    public async Task RunAsync_RedisDown_FailsClosedOrRunsWhenFailOpen()
    {
        var closed = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique() });
        var open = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique(), FailOpen = true });
        var runs = 0;

        _redis.Kill();
        try
        {
            await Assert.ThrowsAsync<IdempotencyPersistenceLayerException>(() => closed.RunAsync("k", _ => Task.FromResult(++runs)));
            var ran = await open.RunAsync("k", _ => Task.FromResult(++runs));

            Assert.Equal(1, ran);
            Assert.Equal(1, runs);
        }
        finally
        {
            await _redis.RestartAsync();
        }
    }

    [Fact]
    public async Task RunAsync_EventWithoutKey_RunsUnguardedOrIsRefusedWhenRequired()
    {
        var lenient = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique(), EventKeyPath = "orderId" });
        var strict = new IdempotencyGuard(_store, new IdempotencyGuardOptions { Name = Unique(), EventKeyPath = "orderId", KeyRequired = true });
        var runs = 0;

        await lenient.RunAsync(new Order("", 1), (_, _) => Task.FromResult(++runs));
        await lenient.RunAsync(new Order("", 1), (_, _) => Task.FromResult(++runs));

        await Assert.ThrowsAsync<IdempotencyKeyException>(() => strict.RunAsync(new Order("", 1), (_, _) => Task.FromResult(++runs)));
        Assert.Equal(2, runs);
    }

    private static string Unique() => Guid.NewGuid().ToString("N");

    private sealed record Order(string OrderId, int Quantity);

    private sealed record Receipt(string OrderId, int Run);
}
