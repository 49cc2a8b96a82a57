namespace Faas.Gateway.Invoke;

/// <summary>How sending an invocation to an environment ended.</summary>
internal enum SendStatus
{
    /// <summary>The worker answered (the function's result, or a worker-level error passed on as it is).</summary>
    Completed,

    /// <summary>The worker no longer has the environment (evicted under the lease) or finds it busy: retry once on another.</summary>
    EnvironmentGone,

    /// <summary>The worker could not be reached or the connection broke: it may be lost.</summary>
    Unreachable,

    /// <summary>The caller went away; the function may still be running.</summary>
    Abandoned,

    /// <summary>No answer within the function's timeout and a margin.</summary>
    TimedOut,
}

/// <summary>The outcome of one send, with what the worker reported for metrics.</summary>
internal readonly record struct SendOutcome(SendStatus Status)
{
    /// <summary>The function ran (the worker answered 200).</summary>
    public bool Ran { get; init; }

    public bool FunctionError { get; init; }

    public string? ExecutedVersion { get; init; }

    public double? DurationMs { get; init; }

    /// <summary>Set when the invocation initialised its environment first (a cold start).</summary>
    public double? InitDurationMs { get; init; }
}
