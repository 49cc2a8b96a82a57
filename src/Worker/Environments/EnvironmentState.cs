namespace Faas.Worker.Environments;

/// <summary>Where an execution environment is in its life.</summary>
internal enum EnvironmentState
{
    /// <summary>The runtime is starting or loading the function; it becomes ready at its first <c>next</c> call.</summary>
    Initializing,

    /// <summary>Idle and warm: the runtime waits in <c>next</c>.</summary>
    Ready,

    /// <summary>Running one invocation.</summary>
    Busy,

    /// <summary>Init failed; the next invocation gets the init error and init is tried again.</summary>
    Failed,

    /// <summary>Evicted; it takes no more invocations.</summary>
    Stopped,
}
