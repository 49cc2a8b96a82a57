using Faas.Idempotency;

namespace Faas.Sdk.Tests.Idempotency;

/// <summary>The in-memory store's record semantics, on a clock the test moves (the Redis store is held to the same ones end to end).</summary>
public sealed class InMemoryIdempotencyStoreTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryIdempotencyStore _store;

    public InMemoryIdempotencyStoreTests() => _store = new InMemoryIdempotencyStore(_clock);

    [Fact]
    public async Task Begin_FreeKeyThenDuplicate_AcquiresThenReportsInProgress()
    {
        var acquired = await _store.BeginAsync(Request("k"), default);
        var duplicate = await _store.BeginAsync(Request("k"), default);

        Assert.Equal(IdempotencyClaimStatus.Acquired, acquired.Status);
        Assert.Equal(IdempotencyClaimStatus.InProgress, duplicate.Status);
        Assert.Equal(_clock.Now + TimeSpan.FromSeconds(10), duplicate.InProgressUntil);
    }

    [Fact]
    public async Task Complete_ThenBegin_ReplaysTheDataUntilItsLifetimeEnds()
    {
        var claim = await _store.BeginAsync(Request("k"), default);
        await _store.CompleteAsync(claim, "result"u8.ToArray(), default);

        _clock.Advance(TimeSpan.FromSeconds(59));
        var replay = await _store.BeginAsync(Request("k"), default);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var afterLifetime = await _store.BeginAsync(Request("k"), default);

        Assert.Equal(IdempotencyClaimStatus.Completed, replay.Status);
        Assert.Equal("result"u8.ToArray(), replay.Data.ToArray());
        Assert.Equal(IdempotencyClaimStatus.Acquired, afterLifetime.Status);
    }

    [Fact]
    public async Task Release_ThenBegin_AcquiresAgain()
    {
        var claim = await _store.BeginAsync(Request("k"), default);

        await _store.ReleaseAsync(claim, default);
        var retry = await _store.BeginAsync(Request("k"), default);

        Assert.Equal(IdempotencyClaimStatus.Acquired, retry.Status);
    }

    [Fact]
    public async Task Begin_AfterTheRunsInProgressTime_TakesOverAndTheLostRunCannotWriteOrDelete()
    {
        var lost = await _store.BeginAsync(Request("k"), default);
        _clock.Advance(TimeSpan.FromSeconds(11));
        var takeover = await _store.BeginAsync(Request("k"), default);

        var lateCompletion = await _store.CompleteAsync(lost, "late"u8.ToArray(), default);
        await _store.ReleaseAsync(lost, default);
        var duplicate = await _store.BeginAsync(Request("k"), default);

        Assert.Equal(IdempotencyClaimStatus.Acquired, takeover.Status);
        Assert.False(lateCompletion);
        Assert.Equal(IdempotencyClaimStatus.InProgress, duplicate.Status);
    }

    [Fact]
    public async Task Begin_OtherValidation_IsAMismatchWhileInProgressAndCompleted()
    {
        var claim = await _store.BeginAsync(Request("k", "hash-a"), default);
        var whileRunning = await _store.BeginAsync(Request("k", "hash-b"), default);
        await _store.CompleteAsync(claim, "r"u8.ToArray(), default);

        var completed = await _store.BeginAsync(Request("k", "hash-b"), default);
        var same = await _store.BeginAsync(Request("k", "hash-a"), default);
        var unvalidated = await _store.BeginAsync(Request("k"), default);

        Assert.Equal(IdempotencyClaimStatus.PayloadMismatch, whileRunning.Status);
        Assert.Equal(IdempotencyClaimStatus.PayloadMismatch, completed.Status);
        Assert.Equal(IdempotencyClaimStatus.Completed, same.Status);
        Assert.Equal(IdempotencyClaimStatus.Completed, unvalidated.Status);
    }

    [Fact]
    public async Task Watch_CompletionOrRelease_WakesTheWatcherAndForgetsTheKey()
    {
        var claim = await _store.BeginAsync(Request("k"), default);
        using var watch = _store.Watch("k");
        var before = watch.Settled.IsCompleted;

        await _store.ReleaseAsync(claim, default);

        Assert.False(before);
        Assert.True(watch.Settled.IsCompleted);
    }

    [Fact]
    public async Task ForgetScope_DeletesThatScopesRecordsOnly()
    {
        var mine = IdempotencyKeys.For("orders", "a");
        var other = IdempotencyKeys.For("orders-v2", "a");
        await _store.CompleteAsync(await _store.BeginAsync(Request(mine), default), "1"u8.ToArray(), default);
        await _store.CompleteAsync(await _store.BeginAsync(Request(other), default), "2"u8.ToArray(), default);

        await _store.ForgetScopeAsync("orders", default);

        Assert.Equal(IdempotencyClaimStatus.Acquired, (await _store.BeginAsync(Request(mine), default)).Status);
        Assert.Equal(IdempotencyClaimStatus.Completed, (await _store.BeginAsync(Request(other), default)).Status);
    }

    private static IdempotencyRequest Request(string key, string? validation = null)
        => new(key, validation, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));
}
