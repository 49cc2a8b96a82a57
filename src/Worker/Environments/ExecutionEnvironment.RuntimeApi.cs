using System.Diagnostics;
using Faas.Worker.Invocations;

namespace Faas.Worker.Environments;

/// <summary>The environment's side of the Lambda Runtime API, called for requests arriving on its process's slot.</summary>
internal sealed partial class ExecutionEnvironment
{
    /// <summary>
    /// The runtime's <c>next</c> call: ends init on the first call, then waits for an invocation. Completes with null
    /// when the process is no longer this environment's (it should exit).
    /// </summary>
    public Task<Invocation?> NextAsync(EnvironmentProcess process)
    {
        Invocation? abandoned = null;
        TaskCompletionSource<Invocation?>? replaced = null;
        Task<Invocation?> result;
        lock (_gate)
        {
            if (_process != process || _state is EnvironmentState.Stopped or EnvironmentState.Failed)
            {
                return Task.FromResult<Invocation?>(null);
            }

            if (_state == EnvironmentState.Initializing)
            {
                InitDurationMs = Stopwatch.GetElapsedTime(_launchTimestamp).TotalMilliseconds;
                _unreportedInitMs = InitDurationMs;
                _state = EnvironmentState.Ready;
                _initialized.TrySetResult(true);
            }

            if (_current is not null && !_delivered)
            {
                _delivered = true;
                result = Task.FromResult<Invocation?>(_current);
            }
            else
            {
                if (_current is not null)
                {
                    // The runtime asked for more work without answering the invocation it holds.
                    abandoned = _current;
                }

                replaced = _nextWaiter;
                // Completed outside the lock by the invoking request, whose thread then writes the event to the
                // runtime directly: no thread-pool hop on the warm path.
                _nextWaiter = new TaskCompletionSource<Invocation?>();
                result = _nextWaiter.Task;
            }
        }

        replaced?.TrySetResult(null);
        abandoned?.TryComplete(InvocationOutcome.FromError(InvocationOutcomeKind.FunctionError, "Runtime.InvalidStateTransition",
            "RequestId: " + abandoned.RequestId + " Error: the runtime asked for the next invocation without reporting a result for this one"));
        return result;
    }

    /// <summary>Gives up a pending <c>next</c> call whose connection closed.</summary>
    public void CancelNext(Task<Invocation?> pending)
    {
        lock (_gate)
        {
            if (_nextWaiter?.Task == pending)
            {
                _nextWaiter = null;
            }
        }
    }

    /// <summary>A result (<c>response</c> or <c>error</c>) for the invocation in flight.</summary>
    public RuntimeApiStatus Complete(EnvironmentProcess process, string requestId, InvocationOutcome outcome)
    {
        Invocation? current;
        lock (_gate)
        {
            current = _process == process && _delivered ? _current : null;
        }

        if (current is null)
        {
            outcome.Dispose();
            return RuntimeApiStatus.InvalidStateTransition;
        }

        if (!string.Equals(current.RequestId, requestId, StringComparison.Ordinal))
        {
            outcome.Dispose();
            return RuntimeApiStatus.InvalidRequestId;
        }

        return current.TryComplete(outcome) ? RuntimeApiStatus.Accepted : RuntimeApiStatus.InvalidStateTransition;
    }

    /// <summary>The runtime's <c>init/error</c> report.</summary>
    public RuntimeApiStatus FailInit(EnvironmentProcess process, string? errorType, byte[] body)
    {
        lock (_gate)
        {
            if (_process != process || _state != EnvironmentState.Initializing)
            {
                return RuntimeApiStatus.InvalidStateTransition;
            }

            FailInitLocked(InitFailure.FromRuntime(errorType, body));
            return RuntimeApiStatus.Accepted;
        }
    }
}
