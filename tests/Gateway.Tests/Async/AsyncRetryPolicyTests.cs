using Faas.Gateway.Async;

namespace Faas.Gateway.Tests.Async;

public sealed class AsyncRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly AsyncInvocationOptions Options = new()
    {
        RetryDelay = TimeSpan.FromMinutes(1),
        ThrottleRetryDelay = TimeSpan.FromSeconds(1),
        ThrottleRetryMaxDelay = TimeSpan.FromMinutes(5),
    };

    [Fact]
    public void Decide_FunctionErrors_RetriedAfterOneThenTwoMinutesThenExhausted()
    {
        var first = AsyncRetryPolicy.Decide(Event(), AttemptResult.FunctionError, 2, 21600, Options, Now);
        var second = AsyncRetryPolicy.Decide(first.Retry!, AttemptResult.FunctionError, 2, 21600, Options, Now);
        var third = AsyncRetryPolicy.Decide(second.Retry!, AttemptResult.FunctionError, 2, 21600, Options, Now);

        Assert.Equal(AsyncDecisionKind.Retry, first.Kind);
        Assert.Equal(Now.AddMinutes(1), first.Retry!.NotBefore);
        Assert.Equal(1, first.Retry.Attempts);
        Assert.Equal(Now.AddMinutes(2), second.Retry!.NotBefore);
        Assert.Equal(AsyncDecisionKind.Failed, third.Kind);
        Assert.Equal("RetriesExhausted", third.Condition);
    }

    [Fact]
    public void Decide_NoRetriesConfigured_FirstErrorIsFinal()
    {
        var decision = AsyncRetryPolicy.Decide(Event(), AttemptResult.FunctionError, 0, 21600, Options, Now);

        Assert.Equal(AsyncDecisionKind.Failed, decision.Kind);
        Assert.Equal("RetriesExhausted", decision.Condition);
    }

    [Fact]
    public void Decide_Throttled_NotAnAttemptAndBackoffDoublesUpToTheMaximum()
    {
        var throttled = Event() with { Throttles = 20, Attempts = 1 };

        var first = AsyncRetryPolicy.Decide(Event(), AttemptResult.Throttled, 2, 21600, Options, Now);
        var late = AsyncRetryPolicy.Decide(throttled, AttemptResult.Throttled, 2, 21600, Options, Now);

        Assert.Equal(Now.AddSeconds(1), first.Retry!.NotBefore);
        Assert.Equal(0, first.Retry.Attempts);
        Assert.Equal(Now.AddMinutes(5), late.Retry!.NotBefore);
        Assert.Equal(1, late.Retry.Attempts);
    }

    [Fact]
    public void Decide_RetryWouldOutliveMaximumEventAge_EventAgeExceeded()
    {
        var old = Event() with { AcceptedAt = Now.AddSeconds(-50) };

        var decision = AsyncRetryPolicy.Decide(old, AttemptResult.FunctionError, 2, 60, Options, Now);

        Assert.Equal(AsyncDecisionKind.Failed, decision.Kind);
        Assert.Equal("EventAgeExceeded", decision.Condition);
    }

    [Fact]
    public void Decide_FunctionGone_Dropped()
    {
        Assert.Equal(AsyncDecisionKind.Dropped, AsyncRetryPolicy.Decide(Event(), AttemptResult.FunctionGone, 2, 21600, Options, Now).Kind);
    }

    private static AsyncEvent Event() => new() { FunctionName = "fn", RequestId = "r", AcceptedAt = Now, Payload = [] };
}
