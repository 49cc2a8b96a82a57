using Faas.Gateway.Async;

namespace Faas.Gateway.Tests.Async;

public sealed class FunctionGatesTests
{
    [Fact]
    public async Task EnterAsync_AtTheLimit_WaitsUntilASlotIsLeft()
    {
        var gates = new FunctionGates();
        var first = await gates.EnterAsync("fn", 1, CancellationToken.None);

        var second = gates.EnterAsync("fn", 1, CancellationToken.None).AsTask();
        var waitedWhileHeld = !second.IsCompleted;
        first.Dispose();
        using var entered = await second.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(waitedWhileHeld);
        Assert.Equal(1, gates.Active("fn"));
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_TakesNoSlot()
    {
        var gates = new FunctionGates();
        var held = await gates.EnterAsync("fn", 1, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = gates.EnterAsync("fn", 1, cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        Assert.Equal(0, gates.Active("fn"));
    }

    [Fact]
    public async Task EnterAsync_OtherFunction_NotHeldBack()
    {
        var gates = new FunctionGates();
        using var held = await gates.EnterAsync("a", 1, CancellationToken.None);

        var other = gates.EnterAsync("b", 1, CancellationToken.None);

        Assert.True(other.IsCompleted);
        (await other).Dispose();
    }
}
