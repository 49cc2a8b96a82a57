namespace Faas.Worker.Invocations;

/// <summary>Whether an environment took an invocation.</summary>
internal enum InvokeStatus
{
    /// <summary>The invocation ran (successfully or not); see the outcome.</summary>
    Completed,

    /// <summary>The environment is running another invocation.</summary>
    Busy,

    /// <summary>The environment was evicted.</summary>
    Stopped,

    /// <summary>The environment did not finish initialising in time.</summary>
    NotReady,
}

/// <summary>What an environment reports for one invocation.</summary>
internal readonly record struct InvocationResult(InvokeStatus Status, InvocationOutcome? Outcome, string LogTail, double DurationMs, double? InitDurationMs)
{
    /// <summary>A result for an invocation the environment did not take.</summary>
    public static InvocationResult NotTaken(InvokeStatus status) => new(status, null, "", 0, null);
}
