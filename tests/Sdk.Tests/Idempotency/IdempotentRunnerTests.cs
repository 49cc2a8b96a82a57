using System.Text;
using Faas.Idempotency;
using Faas.Testing;

namespace Faas.Sdk.Tests.Idempotency;

/// <summary>The runner's answer-before-stored mode over a real <c>redis-server</c>, as two gateways would use it: one connection each.</summary>
public sealed class IdempotentRunnerTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private IIdempotencyStore _first = null!;
    private IIdempotencyStore _second = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _first = IdempotencyStores.Redis(_redis.ConnectionString);
        _second = IdempotencyStores.Redis(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncDisposable)_first).DisposeAsync();
        await ((IAsyncDisposable)_second).DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_AnswerBeforeStored_DuplicateAtOnceOnAnotherConnectionReplaysAndNeverRunsAgain()
    {
        var runs = 0;
        var key = IdempotencyKeys.For("runner-tests", Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N")));
        var call = new IdempotentCall(new IdempotencyRequest(key, null, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)), TimeSpan.FromSeconds(10), FailOpen: false)
        {
            AnswerBeforeStored = true,
        };
        Task<IdempotentRun> Run(int _, CancellationToken __)
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(new IdempotentRun(true, "answer"u8.ToArray()));
        }

        var ran = await new IdempotentRunner(_first).RunAsync(call, 0, Run, CancellationToken.None);
        // Before the first write is awaited: whichever reaches Redis first, the duplicate must not run.
        var duplicate = await new IdempotentRunner(_second).RunAsync(call, 0, Run, CancellationToken.None);

        Assert.Equal(IdempotentResultKind.Ran, ran.Kind);
        Assert.NotNull(ran.Storing);
        Assert.True(await ran.Storing);
        Assert.Equal(IdempotentResultKind.Replayed, duplicate.Kind);
        Assert.Equal("answer", Encoding.UTF8.GetString(duplicate.Data.Span));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunAsync_Default_StoresBeforeReturning()
    {
        var key = IdempotencyKeys.For("runner-tests", Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N")));
        var call = new IdempotentCall(new IdempotencyRequest(key, null, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)), TimeSpan.Zero, FailOpen: false);

        var ran = await new IdempotentRunner(_first).RunAsync(call, 0, static (_, _) => Task.FromResult(new IdempotentRun(true, "stored"u8.ToArray())), CancellationToken.None);
        var claim = await _second.BeginAsync(call.Request, CancellationToken.None);

        Assert.True(ran.Recorded);
        Assert.Null(ran.Storing);
        Assert.Equal(IdempotencyClaimStatus.Completed, claim.Status);
        Assert.Equal("stored", Encoding.UTF8.GetString(claim.Data.Span));
    }
}
