using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Faas.Gateway.Errors;
using Faas.Gateway.Idempotency;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Invoke;

/// <summary>
/// <see cref="IFunctionInvoker"/> for callers that build the event themselves (function URLs), and for every invocation
/// of an idempotent function: the same lease path as the Invoke API, with the payload sent and the answer read in full
/// (an idempotent function's answer is stored, so it is buffered; up to 6 MB).
/// </summary>
internal sealed class FunctionInvoker(InvocationCoordinator coordinator, WorkerHttpClient client, IdempotentInvocations idempotency) : IFunctionInvoker
{
    // The worker caps a function's response at 6 MiB + 100 bytes (answering Function.ResponseSizeTooLarge beyond it);
    // the rest is room for an error body.
    private const int MaxResponseBytes = InvokeErrors.MaxPayloadBytes + 64 * 1024;

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Payload.Length > InvokeErrors.MaxPayloadBytes)
        {
            return new InvocationResponse { Error = InvokeErrors.RequestTooLarge };
        }

        var (resolved, notFound) = await coordinator.ResolveAsync(request.FunctionName, request.Qualifier);
        if (resolved is null)
        {
            return new InvocationResponse { Error = notFound };
        }

        return await InvokeResolvedAsync(request, resolved, cancellationToken);
    }

    /// <summary>Invokes a function already resolved: through its idempotency records when it has a config, else directly.</summary>
    public Task<InvocationResponse> InvokeResolvedAsync(InvocationRequest request, ResolvedFunction resolved, CancellationToken cancellationToken)
        => resolved.Idempotency is { } config
            ? idempotency.InvokeAsync(request, resolved, config, this, cancellationToken)
            : RunAsync(request, resolved, cancellationToken);

    /// <summary>One buffered invocation, without idempotency.</summary>
    public async Task<InvocationResponse> RunAsync(InvocationRequest request, ResolvedFunction resolved, CancellationToken cancellationToken)
    {
        var state = new Exchange(client, request, resolved);
        var error = await coordinator.RunAsync(request.FunctionName, request.Qualifier, resolved, state, static (lease, s, ct) => s.SendAsync(lease, ct), cancellationToken);
        return error is not null ? new InvocationResponse { Error = error } : state.Response ?? new InvocationResponse { Error = InvokeErrors.WorkerLost };
    }

    /// <summary>One buffered invocation and its answer.</summary>
    private sealed class Exchange(WorkerHttpClient client, InvocationRequest request, ResolvedFunction resolved)
    {
        public InvocationResponse? Response { get; private set; }

        public async ValueTask<SendOutcome> SendAsync(HeldLease lease, CancellationToken cancellationToken)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, lease.Lease.InvokeUrl)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ReadOnlyMemoryContent(request.Payload),
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.TryAddWithoutValidation("X-Faas-Request-Id", request.RequestId);
            var arn = request.Qualifier is null ? resolved.Primary.FunctionArn : $"{resolved.Primary.FunctionArn}:{request.Qualifier}";
            message.Headers.TryAddWithoutValidation("X-Faas-Invoked-Function-Arn", arn);
            if (request.TailLogs)
            {
                message.Headers.TryAddWithoutValidation("X-Amz-Log-Type", "Tail");
            }

            if (!string.IsNullOrEmpty(request.ClientContext))
            {
                message.Headers.TryAddWithoutValidation("X-Amz-Client-Context", request.ClientContext);
            }

            if (!string.IsNullOrEmpty(request.TraceId))
            {
                message.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", request.TraceId);
            }

            if (!string.IsNullOrEmpty(request.TenantId))
            {
                message.Headers.TryAddWithoutValidation("X-Amz-Tenant-Id", request.TenantId);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(Math.Max(resolved.Primary.Timeout, resolved.Additional?.Timeout ?? 0)) + WorkerHttpClient.TimeoutMargin);
            try
            {
                using var response = await client.Invoker.SendAsync(message, deadline.Token);
                var status = (int)response.StatusCode;
                if (status is StatusCodes.Status404NotFound or StatusCodes.Status409Conflict)
                {
                    return new SendOutcome(SendStatus.EnvironmentGone);
                }

                if (await ReadAsync(response.Content, deadline.Token) is not { } body)
                {
                    Response = new InvocationResponse { Error = LambdaError.Service("The function's response exceeded the size the platform passes on.") };
                    return new SendOutcome(SendStatus.Completed);
                }

                if (status != StatusCodes.Status200OK)
                {
                    // A worker-level error (bad client context, stuck init) is already Lambda's answer: pass it on.
                    Response = new InvocationResponse { Error = ToLambdaError(status, response, body) };
                    return new SendOutcome(SendStatus.Completed);
                }

                var functionError = Header(response, "X-Amz-Function-Error");
                var version = Header(response, "X-Amz-Executed-Version");
                Response = new InvocationResponse
                {
                    Payload = body,
                    FunctionError = functionError,
                    ExecutedVersion = version,
                    LogResult = Header(response, "X-Amz-Log-Result"),
                    ContentType = response.Content.Headers.ContentType?.ToString(),
                };
                return new SendOutcome(SendStatus.Completed)
                {
                    Ran = true,
                    FunctionError = functionError is not null,
                    ExecutedVersion = version,
                    DurationMs = ForwardState.ParseMilliseconds(Header(response, "X-Faas-Duration-Ms")),
                    InitDurationMs = ForwardState.ParseMilliseconds(Header(response, "X-Faas-Init-Duration-Ms")),
                };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new SendOutcome(SendStatus.Abandoned);
            }
            catch (OperationCanceledException)
            {
                return new SendOutcome(SendStatus.TimedOut);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return new SendOutcome(SendStatus.Unreachable);
            }
        }

        /// <summary>The answer's bytes, or null when it exceeds what a function may return.</summary>
        private static async Task<byte[]?> ReadAsync(HttpContent content, CancellationToken cancellationToken)
        {
            if (content.Headers.ContentLength > MaxResponseBytes)
            {
                return null;
            }

            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }

        private static string? Header(HttpResponseMessage response, string name)
            => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

        private static LambdaError ToLambdaError(int status, HttpResponseMessage response, byte[] body)
        {
            var errorType = Header(response, "x-amzn-ErrorType") ?? "ServiceException";
            var message = "";
            var capital = false;
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("Message", out var upper))
                {
                    message = upper.GetString() ?? "";
                    capital = true;
                }
                else if (document.RootElement.TryGetProperty("message", out var lower))
                {
                    message = lower.GetString() ?? "";
                }
            }
            catch (JsonException)
            {
                message = "The worker answered with an error it did not describe.";
            }

            return new LambdaError(status, errorType, message, capital, status >= 500 ? "Service" : "User");
        }
    }
}
