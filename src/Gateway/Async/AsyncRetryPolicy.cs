namespace Faas.Gateway.Async;

/// <summary>What to do with an event after an attempt (or before one, when it is already too old).</summary>
internal readonly record struct AsyncDecision(AsyncDecisionKind Kind, AsyncEvent? Retry = null, string? Condition = null);

/// <summary>The kinds of <see cref="AsyncDecision"/>.</summary>
internal enum AsyncDecisionKind
{
    /// <summary>Succeeded: on to the on-success destination.</summary>
    Succeeded,

    /// <summary>Try again later: <see cref="AsyncDecision.Retry"/> is the event to queue.</summary>
    Retry,

    /// <summary>Failed for good (<see cref="AsyncDecision.Condition"/>): on to the on-failure destination.</summary>
    Failed,

    /// <summary>Cannot run and has nowhere to go (its function is gone).</summary>
    Dropped,
}

/// <summary>
/// Lambda's retry rules for asynchronous invocation, as pure decisions on <c>now</c>: a function error is retried up to
/// <c>MaximumRetryAttempts</c> times, after <see cref="AsyncInvocationOptions.RetryDelay"/> and then twice that; a
/// throttle or system error is not an attempt and is retried with a doubling delay up to a maximum; nothing runs once
/// the event is older than <c>MaximumEventAgeInSeconds</c>.
/// </summary>
internal static class AsyncRetryPolicy
{
    public const string Success = "Success";
    public const string RetriesExhausted = "RetriesExhausted";
    public const string EventAgeExceeded = "EventAgeExceeded";

    /// <summary>When an event expires.</summary>
    public static DateTimeOffset ExpiresAt(AsyncEvent asyncEvent, int maximumEventAgeInSeconds)
        => asyncEvent.AcceptedAt + TimeSpan.FromSeconds(maximumEventAgeInSeconds);

    public static AsyncDecision Decide(AsyncEvent asyncEvent, AttemptResult result, int maximumRetryAttempts, int maximumEventAgeInSeconds, AsyncInvocationOptions options, DateTimeOffset now)
    {
        var expiresAt = ExpiresAt(asyncEvent, maximumEventAgeInSeconds);
        switch (result)
        {
            case AttemptResult.Succeeded:
                return new AsyncDecision(AsyncDecisionKind.Succeeded, Condition: Success);
            case AttemptResult.FunctionError:
                var attempts = asyncEvent.Attempts + 1;
                if (attempts > maximumRetryAttempts)
                {
                    return new AsyncDecision(AsyncDecisionKind.Failed, Condition: RetriesExhausted);
                }

                // Lambda waits about a minute before the second attempt and two before the third.
                var due = now + (options.RetryDelay * (1 << Math.Min(attempts - 1, 16)));
                return due > expiresAt
                    ? new AsyncDecision(AsyncDecisionKind.Failed, Condition: EventAgeExceeded)
                    : new AsyncDecision(AsyncDecisionKind.Retry, asyncEvent with { Attempts = attempts, NotBefore = due });
            case AttemptResult.Throttled:
                var throttles = asyncEvent.Throttles + 1;
                var backoff = options.ThrottleRetryDelay * Math.Pow(2, Math.Min(throttles - 1, 30));
                var next = now + (backoff > options.ThrottleRetryMaxDelay ? options.ThrottleRetryMaxDelay : backoff);
                return next > expiresAt
                    ? new AsyncDecision(AsyncDecisionKind.Failed, Condition: EventAgeExceeded)
                    : new AsyncDecision(AsyncDecisionKind.Retry, asyncEvent with { Throttles = throttles, NotBefore = next });
            case AttemptResult.FunctionGone:
                return new AsyncDecision(AsyncDecisionKind.Dropped);
            default:
                return new AsyncDecision(AsyncDecisionKind.Failed, Condition: RetriesExhausted);
        }
    }
}
