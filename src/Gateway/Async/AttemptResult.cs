namespace Faas.Gateway.Async;

/// <summary>How one attempt to run an asynchronous event ended.</summary>
internal enum AttemptResult
{
    /// <summary>The function ran and returned.</summary>
    Succeeded,

    /// <summary>The function ran and failed (error, timeout, crash): counts against <c>MaximumRetryAttempts</c>.</summary>
    FunctionError,

    /// <summary>Throttled (reserved or account concurrency) or a system error (worker lost, start failed): retried with backoff until the event is too old.</summary>
    Throttled,

    /// <summary>The function or qualifier no longer exists: the event cannot run.</summary>
    FunctionGone,

    /// <summary>Refused for a reason another attempt would not change.</summary>
    Rejected,
}
