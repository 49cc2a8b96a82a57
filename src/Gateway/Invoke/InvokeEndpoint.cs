using System.Buffers;
using System.Net;
using Faas.Gateway.Async;
using Faas.Gateway.ControlApi;
using Faas.Gateway.Hosting;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Faas.Gateway.Invoke;

/// <summary>
/// Lambda's Invoke API: <c>POST /2015-03-31/functions/{FunctionName}/invocations[?Qualifier=]</c>, synchronous
/// (<c>RequestResponse</c>), <c>DryRun</c> and <c>Event</c> (queued in Kafka by <see cref="AsyncInvokeAcceptor"/>); the
/// payload is checked, then forwarded to a leased environment with YARP's forwarder and the worker's answer streamed
/// back. An idempotent function's invocation is buffered instead (<see cref="FunctionInvoker"/>): its answer is
/// stored, or comes from the store.
/// </summary>
internal sealed class InvokeEndpoint(InvocationCoordinator coordinator, IHttpForwarder forwarder, WorkerHttpClient client, FunctionInvoker buffered, AsyncInvokeAcceptor asyncInvoke)
{
    /// <summary>The route of the Invoke API.</summary>
    public const string Route = "/2015-03-31/functions/{FunctionName}/invocations";

    /// <summary>Set (to <c>replayed</c>) on an answer that came from a completed idempotency record.</summary>
    public const string ReplayedHeader = "X-Faas-Idempotency";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;

        // 1. Name, qualifier and headers: anything malformed is refused before any lookup.
        if (FunctionNames.Parse(request.RouteValues["FunctionName"] as string, request.Query["Qualifier"].ToString(), out var name, out var qualifier) is { } nameError)
        {
            await nameError.WriteAsync(context);
            return;
        }

        var invocationType = request.Headers["X-Amz-Invocation-Type"].ToString();
        if (invocationType is not ("" or "RequestResponse" or "DryRun" or "Event"))
        {
            await InvokeErrors.InvalidInvocationType(invocationType).WriteAsync(context);
            return;
        }

        var logType = request.Headers["X-Amz-Log-Type"].ToString();
        if (logType is not ("" or "None" or "Tail"))
        {
            await InvokeErrors.InvalidLogType(logType).WriteAsync(context);
            return;
        }

        if (request.ContentLength > InvokeErrors.MaxPayloadBytes)
        {
            await InvokeErrors.RequestTooLarge.WriteAsync(context);
            return;
        }

        // 2. The function and qualifier must exist (a cached resolution on the warm path).
        var (resolved, notFound) = await coordinator.ResolveAsync(name, qualifier);
        if (resolved is null)
        {
            await notFound!.WriteAsync(context);
            return;
        }

        if (invocationType == "DryRun")
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (invocationType == "Event")
        {
            await asyncInvoke.AcceptAsync(context, name, qualifier);
            return;
        }

        // 3. The payload: at most 6 MB (counted as it arrives when no length was given) and JSON.
        var (buffer, length) = await InvokePayload.ReadAsync(request, context.RequestAborted);
        if (buffer is null)
        {
            await InvokeErrors.RequestTooLarge.WriteAsync(context);
            return;
        }

        try
        {
            if (InvokePayload.Validate(buffer.AsSpan(0, length)) is { } invalid)
            {
                await InvokeErrors.InvalidJson(invalid).WriteAsync(context);
                return;
            }

            if (resolved.Idempotency is not null)
            {
                await InvokeIdempotentAsync(context, name, qualifier, resolved, buffer.AsMemory(0, length), logType == "Tail");
                return;
            }

            // 4. Lease, forward, hand back.
            var state = new ForwardState(
                context,
                buffer,
                length,
                RequestIds.Get(context),
                qualifier is null ? resolved.Primary.FunctionArn : $"{resolved.Primary.FunctionArn}:{qualifier}",
                new ForwarderRequestConfig
                {
                    ActivityTimeout = TimeSpan.FromSeconds(Math.Max(resolved.Primary.Timeout, resolved.Additional?.Timeout ?? 0)) + WorkerHttpClient.TimeoutMargin,
                    Version = HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                });
            context.Features.Set(state);
            var error = await coordinator.RunAsync(name, qualifier, resolved, (Endpoint: this, State: state), static (lease, s, ct) => s.Endpoint.ForwardAsync(lease, s.State), context.RequestAborted);
            if (error is not null && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                ResetResponse(context);
                await error.WriteAsync(context);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // An idempotent function: the answer is read whole (to be stored, or it comes from the store), then written.
    private async Task InvokeIdempotentAsync(HttpContext context, string name, string? qualifier, ResolvedFunction resolved, ReadOnlyMemory<byte> payload, bool tail)
    {
        var headers = context.Request.Headers;
        var request = new InvocationRequest(name, qualifier, payload, RequestIds.Get(context))
        {
            ClientContext = NonEmpty(headers["X-Amz-Client-Context"]),
            TraceId = NonEmpty(headers["X-Amzn-Trace-Id"]),
            TenantId = NonEmpty(headers["X-Amz-Tenant-Id"]),
            TailLogs = tail,
            IdempotencyKey = NonEmpty(headers[IdempotencyConfig.HeaderName]),
        };
        var answer = await buffered.InvokeResolvedAsync(request, resolved, context.RequestAborted);
        if (answer.Error is { } error)
        {
            await error.WriteAsync(context);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = answer.ContentType ?? "application/json";
        if (answer.FunctionError is { } functionError)
        {
            response.Headers["X-Amz-Function-Error"] = functionError;
        }

        if (answer.ExecutedVersion is { } version)
        {
            response.Headers["X-Amz-Executed-Version"] = version;
        }

        if (answer.LogResult is { } log)
        {
            response.Headers["X-Amz-Log-Result"] = log;
        }

        if (answer.Replayed)
        {
            response.Headers[ReplayedHeader] = "replayed";
        }

        response.ContentLength = answer.Payload.Length;
        await response.Body.WriteAsync(answer.Payload, context.RequestAborted);
        if (answer.Recording is { } recording)
        {
            // The caller has its answer; the request ends once the record is written (or deferred by the store).
            await response.CompleteAsync();
            await recording;
        }
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || string.IsNullOrEmpty(value[0]) ? null : value.ToString();

    private async ValueTask<SendOutcome> ForwardAsync(HeldLease lease, ForwardState state)
    {
        var context = state.Context;
        state.Reset();
        ResetResponse(context);
        context.Request.Body = new MemoryStream(state.Payload, 0, state.Length, writable: false);
        var error = await forwarder.SendAsync(context, lease.Lease.InvokeUrl, client.Invoker, state.Config, WorkerTransformer.Instance);
        if (state.EnvironmentGone)
        {
            return new SendOutcome(SendStatus.EnvironmentGone);
        }

        return error switch
        {
            ForwarderError.None => new SendOutcome(SendStatus.Completed)
            {
                Ran = state.StatusCode == StatusCodes.Status200OK,
                FunctionError = state.FunctionError,
                ExecutedVersion = state.ExecutedVersion,
                DurationMs = state.DurationMs,
                InitDurationMs = state.InitDurationMs,
            },
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
                or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient => new SendOutcome(SendStatus.Abandoned),
            ForwarderError.RequestTimedOut => new SendOutcome(SendStatus.TimedOut),
            _ when context.RequestAborted.IsCancellationRequested => new SendOutcome(SendStatus.Abandoned),
            _ => new SendOutcome(SendStatus.Unreachable),
        };
    }

    // Before a retry or an error answer: whatever a failed forward set (status, headers) goes, our request id stays.
    private static void ResetResponse(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers["x-amzn-RequestId"] = RequestIds.Get(context);
        context.Features.Set<IForwarderErrorFeature>(null);
    }
}
