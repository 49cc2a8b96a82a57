using System.Diagnostics;
using System.Globalization;
using Faas.Worker.Invocations;

namespace Faas.Worker.Environments;

/// <summary>Running one invocation: acquire, hand to the runtime, wait for its result or deadline, log, release.</summary>
internal sealed partial class ExecutionEnvironment
{
    /// <summary>Asks the owner to start a new process for this environment (after a failed init).</summary>
    public Action<ExecutionEnvironment>? RelaunchRequested { get; set; }

    /// <summary>Runs an invocation to its end. The environment is replaced when it times out, crashes or runs out of memory.</summary>
    public async Task<InvocationResult> InvokeAsync(Invocation invocation, TimeSpan initTimeout, CancellationToken cancellationToken)
    {
        // 1. Acquire: wait out an init in progress; a failed init answers with its error and tries init again.
        while (true)
        {
            Task<bool> initializing;
            lock (_gate)
            {
                switch (_state)
                {
                    case EnvironmentState.Ready:
                        // Everything the runtime or the log may see is in place before the invocation is published:
                        // a next call arriving right after this lock can take it at once.
                        WritePendingReportLocked();
                        Log.BeginInvocation();
                        Log.AppendLine($"START RequestId: {invocation.RequestId} Version: {Spec.Version}");
                        invocation.DeadlineUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)Spec.Timeout.TotalMilliseconds;
                        _state = EnvironmentState.Busy;
                        _current = invocation;
                        _delivered = false;
                        goto Acquired;
                    case EnvironmentState.Busy:
                        return InvocationResult.NotTaken(InvokeStatus.Busy);
                    case EnvironmentState.Stopped:
                        return InvocationResult.NotTaken(InvokeStatus.Stopped);
                    case EnvironmentState.Failed:
                        return ServeInitFailureLocked(invocation);
                    default:
                        initializing = _initialized.Task;
                        break;
                }
            }

            try
            {
                // Init ends (or is failed by the init timeout) well within this bound; past it, something is stuck.
                await initializing.WaitAsync(initTimeout + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return InvocationResult.NotTaken(InvokeStatus.NotReady);
            }
        }

    Acquired:
        // 2. Hand the event to the runtime: to its pending next call, or to the next one it makes.
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _invocations);
        TaskCompletionSource<Invocation?>? waiter;
        EnvironmentProcess? process;
        lock (_gate)
        {
            waiter = _nextWaiter;
            _nextWaiter = null;
            _delivered |= waiter is not null;
            process = _process;
        }

        waiter?.TrySetResult(invocation);

        // 3. Wait for the result, the process's death, or the deadline. A caller going away does not stop the
        //    function (Lambda runs it to completion); it only means nobody reads the answer.
        var outcomeTask = invocation.Outcome;
        try
        {
            await outcomeTask.WaitAsync(Spec.Timeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var message = $"RequestId: {invocation.RequestId} Error: Task timed out after {Spec.TimeoutSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds";
            if (invocation.TryComplete(InvocationOutcome.FromError(InvocationOutcomeKind.Timeout, "Sandbox.Timedout", message)))
            {
                process?.Kill();
            }
        }

        var outcome = await outcomeTask.ConfigureAwait(false);
        var durationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // 4. Log and release. The runtime's output is drained first (usually at once), so END never precedes it.
        //    A caller who wants the log tail then gets END and REPORT in it. Otherwise the caller is answered first
        //    and those lines are written after the answer or before the next START, off the warm path.
        if (process is not null)
        {
            await process.DrainOutputAsync().ConfigureAwait(false);
            ObserveMemory(process.PeakResidentBytes);
        }

        double? initMs;
        var tail = "";
        if (invocation.WantsLogTail || outcome.Kind != InvocationOutcomeKind.Success)
        {
            if (outcome.Kind == InvocationOutcomeKind.Timeout)
            {
                Log.AppendLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {invocation.RequestId} Task timed out after {Spec.TimeoutSeconds:F2} seconds");
            }

            lock (_gate)
            {
                initMs = _unreportedInitMs;
                _unreportedInitMs = null;
            }

            WriteReport(new PendingReport(invocation.RequestId, durationMs, initMs));
            tail = Log.EndInvocation(invocation.WantsLogTail);
            lock (_gate)
            {
                ReleaseLocked(outcome);
            }
        }
        else
        {
            lock (_gate)
            {
                initMs = _unreportedInitMs;
                _unreportedInitMs = null;
                _pendingReport = new PendingReport(invocation.RequestId, durationMs, initMs);
                ReleaseLocked(outcome);
            }
        }

        return new InvocationResult(InvokeStatus.Completed, outcome, tail, durationMs, initMs);
    }

    /// <summary>Writes the END and REPORT lines of the last invocation if they are still pending.</summary>
    public void WritePendingReport()
    {
        lock (_gate)
        {
            WritePendingReportLocked();
        }
    }

    // Under the gate, so no START of a next invocation can come between.
    private void WritePendingReportLocked()
    {
        if (_pendingReport is { } report)
        {
            _pendingReport = null;
            WriteReport(report);
        }
    }

    private void WriteReport(PendingReport report)
    {
        Log.AppendLine($"END RequestId: {report.RequestId}");
        AppendReport(report.RequestId, report.DurationMs, report.InitDurationMs);
    }

    // A healthy environment is ready again. A dead or killed one waits for its replacement, which its exit handler
    // launches (if the exit was handled already, the state has moved on from Busy).
    private void ReleaseLocked(InvocationOutcome outcome)
    {
        _current = null;
        if (_state != EnvironmentState.Busy)
        {
            return;
        }

        if (outcome.ResetsEnvironment)
        {
            _state = EnvironmentState.Initializing;
            _awaitingReplacement = true;
            _initialized = NewInitSignal();
        }
        else
        {
            _state = EnvironmentState.Ready;
        }
    }

    private InvocationResult ServeInitFailureLocked(Invocation invocation)
    {
        WritePendingReportLocked();
        var failure = _initFailure!;
        _state = _stopping ? EnvironmentState.Stopped : EnvironmentState.Initializing;
        _initialized = NewInitSignal();
        Interlocked.Increment(ref _invocations);
        Log.BeginInvocation();
        Log.AppendLine($"START RequestId: {invocation.RequestId} Version: {Spec.Version}");
        Log.AppendLine($"INIT_REPORT Init Duration: {InitDurationMs:F2} ms\tPhase: init\tStatus: error\tError Type: {failure.ErrorType}");
        Log.AppendLine($"END RequestId: {invocation.RequestId}");
        AppendReport(invocation.RequestId, 0, null);
        var tail = Log.EndInvocation(invocation.WantsLogTail);
        var outcome = InvocationOutcome.FromBytes(InvocationOutcomeKind.InitError, failure.ToBody(invocation.RequestId));

        // Lambda retries init for the next invocation; start that now so it finds the result.
        if (!_stopping)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static env => env.RelaunchRequested?.Invoke(env), this, preferLocal: false);
        }

        return new InvocationResult(InvokeStatus.Completed, outcome, tail, 0, null);
    }

    private void AppendReport(string requestId, double durationMs, double? initMs)
    {
        var billed = Math.Max(1, (long)Math.Ceiling(durationMs));
        Log.AppendLine(
            $"REPORT RequestId: {requestId}\tDuration: {durationMs:F2} ms\tBilled Duration: {billed} ms\tMemory Size: {Spec.MemoryMb} MB\tMax Memory Used: {Math.Max(1, MaxMemoryUsedMb)} MB\t{new InitDuration(initMs)}");
    }

    // REPORT's last field, present only for the invocation that followed an init.
    private readonly record struct InitDuration(double? Ms) : IUtf8SpanFormattable
    {
        public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            if (Ms is not { } ms)
            {
                bytesWritten = 0;
                return true;
            }

            return System.Text.Unicode.Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture, $"Init Duration: {ms:F2} ms\t", out bytesWritten);
        }
    }

    private sealed record PendingReport(string RequestId, double DurationMs, double? InitDurationMs);
}
