using Amazon.Lambda.Core;
using Faas.Host.Errors;
using Faas.Host.Handlers;
using Faas.Host.Hosting;
using Faas.Host.Logging;
using Faas.Host.RuntimeApi;

namespace Faas.Host.Invocation;

/// <summary>
/// The Runtime API loop of an initialised environment:
/// <code>
///   next -> trace id, request id -> invoke -> flush logs -> response | error -> next ...
/// </code>
/// It returns only by exception (<see cref="RuntimeApiUnavailableException"/> when the environment is gone).
/// </summary>
internal sealed class InvocationLoop(
    RuntimeApiClient client, LoadedHandler handler, HostSettings settings, LogSink sink, ILambdaLogger logger, TimeProvider time)
{
    private const string TraceVariable = "_X_AMZN_TRACE_ID";

    // Reused for every invocation; handlers may dispose them without harm.
    private readonly ReusableMemoryStream _input = new(16 * 1024);
    private readonly ReusableMemoryStream _output = new(16 * 1024);

    /// <summary>Runs invocations until the Runtime API becomes unavailable.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets one invocation from the Runtime API, runs it and posts its outcome.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        _input.Reset();
        var invocation = await client.GetNextInvocationAsync(_input, cancellationToken).ConfigureAwait(false);
        await InvokeOnceAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one invocation whose event is already in the input buffer and posts its outcome.</summary>
    internal async Task InvokeOnceAsync(NextInvocation invocation, CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable(TraceVariable, invocation.TraceId);
        sink.RequestId = invocation.RequestId;
        _output.Reset();
        var context = new LambdaContext(settings, invocation, logger, handler.Serializer, time);

        Stream? result = null;
        Exception? error = null;
        try
        {
            result = await handler.Invoker.InvokeAsync(_input, context, _output).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = HandlerInitException.Unwrap(ex);
        }

        if (error is null)
        {
            FlushLogs();
            await PostResponseAsync(invocation.RequestId, result, cancellationToken).ConfigureAwait(false);
            return;
        }

        var body = ErrorReport.FromException(error);
        sink.Write(LogLevelNames.Error, error.ToString());
        FlushLogs();
        var accepted = await client.PostErrorAsync(invocation.RequestId, body.ErrorType, ErrorReport.ToJson(body), cancellationToken, pipelineNext: true).ConfigureAwait(false);
        if (!accepted)
        {
            sink.Write(LogLevelNames.Warning, "The Runtime API rejected the error report of this invocation.");
        }
    }

    private async Task PostResponseAsync(string requestId, Stream? result, CancellationToken cancellationToken)
    {
        // A serialized result is sent from the reused buffer without a copy; a Stream result is streamed as it is read.
        bool accepted;
        if (result is null)
        {
            accepted = await client.PostResponseAsync(requestId, _output.GetBuffer().AsMemory(0, (int)_output.Length), cancellationToken, pipelineNext: true).ConfigureAwait(false);
        }
        else
        {
            try
            {
                accepted = await client.PostResponseAsync(requestId, result, cancellationToken, pipelineNext: true).ConfigureAwait(false);
            }
            finally
            {
                if (!ReferenceEquals(result, _input) && !ReferenceEquals(result, _output))
                {
                    await result.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        if (!accepted)
        {
            // E.g. 413: the worker reports the failure to the caller; the environment goes on.
            sink.Write(LogLevelNames.Warning, "The Runtime API rejected the response of this invocation.");
        }
    }

    private void FlushLogs()
    {
        Console.Out.Flush();
        Console.Error.Flush();
        sink.Flush();
    }
}
