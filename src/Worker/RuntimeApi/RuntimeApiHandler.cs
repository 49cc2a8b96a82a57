using System.Buffers;
using System.Globalization;
using System.Text;
using Faas.Worker.Environments;
using Faas.Worker.Hosting;
using Faas.Worker.Invocations;
using Microsoft.AspNetCore.Http;

namespace Faas.Worker.RuntimeApi;

/// <summary>
/// Serves the Lambda Runtime API (2018-06-01) to the process that owns the slot whose listener accepted the
/// connection (TCP port or Unix socket, admitted by <see cref="RuntimeApiPeerCheck"/>), plus the private
/// <c>/2018-06-01/faas/specialize</c> call of stem cells.
/// </summary>
internal sealed class RuntimeApiHandler
{
    /// <summary>Lambda's response limit seen by the runtime: 6 MiB plus 100 bytes.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024 + 100;

    private const int MaxErrorBytes = 1024 * 1024;
    private const string Prefix = "/2018-06-01/";
    private static readonly byte[] AcceptedBody = """{"status":"OK"}"""u8.ToArray();

    /// <summary>Handles one Runtime API request from the process on <paramref name="slot"/>.</summary>
    public async Task HandleAsync(HttpContext context, RuntimeSlot slot)
    {
        var path = context.Request.Path.Value ?? "";
        var process = slot.Owner;
        if (process is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "InternalServerError", "No environment owns this Runtime API endpoint.");
            return;
        }

        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "Unknown Runtime API path.");
            return;
        }

        var route = path.AsSpan(Prefix.Length);
        var method = context.Request.Method;
        if (route.SequenceEqual("runtime/invocation/next") && HttpMethods.IsGet(method))
        {
            await NextAsync(context, process);
        }
        else if (route.StartsWith("runtime/invocation/") && HttpMethods.IsPost(method))
        {
            var rest = route["runtime/invocation/".Length..];
            var slash = rest.IndexOf('/');
            var kind = slash < 0 ? default : rest[(slash + 1)..];
            if (slash <= 0 || !(kind.SequenceEqual("response") || kind.SequenceEqual("error")))
            {
                await WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "Unknown Runtime API path.");
                return;
            }

            var requestId = rest[..slash].ToString();
            if (kind.SequenceEqual("response"))
            {
                await ResponseAsync(context, process, requestId);
            }
            else
            {
                await ErrorAsync(context, process, requestId);
            }
        }
        else if (route.SequenceEqual("runtime/init/error") && HttpMethods.IsPost(method))
        {
            await InitErrorAsync(context, process);
        }
        else if (route.SequenceEqual("faas/specialize") && HttpMethods.IsGet(method))
        {
            await SpecializeAsync(context, process);
        }
        else if (route.SequenceEqual("ping") && HttpMethods.IsGet(method))
        {
            await context.Response.WriteAsync("pong");
        }
        else
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "Unknown Runtime API path.");
        }
    }

    private static async Task NextAsync(HttpContext context, EnvironmentProcess process)
    {
        if (process.Environment is not { } environment)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidStateTransition", "This process has not been given a function.");
            return;
        }

        var pending = environment.NextAsync(process);
        Invocation? invocation;
        try
        {
            invocation = await pending.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            environment.CancelNext(pending);
            return;
        }

        if (invocation is null)
        {
            // The environment no longer wants this process: a 500 tells a runtime to exit.
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "InternalServerError", "The environment was reset; exit.");
            return;
        }

        var response = context.Response;
        var headers = response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.DeadlineUnixMs.ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.InvokedFunctionArn;
        if (invocation.TraceId is { Length: > 0 } trace)
        {
            headers["Lambda-Runtime-Trace-Id"] = trace;
        }

        if (invocation.ClientContext is { Length: > 0 } clientContext)
        {
            headers["Lambda-Runtime-Client-Context"] = clientContext;
        }

        if (invocation.CognitoIdentity is { Length: > 0 } identity)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = identity;
        }

        if (invocation.TenantId is { Length: > 0 } tenant)
        {
            headers["Lambda-Runtime-Aws-Tenant-Id"] = tenant;
        }

        response.ContentType = "application/json";
        response.ContentLength = invocation.PayloadLength;
        await response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
    }

    private static async Task ResponseAsync(HttpContext context, EnvironmentProcess process, string requestId)
    {
        if (process.Environment is not { } environment)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidStateTransition", "This process has not been given a function.");
            return;
        }

        var (buffer, length) = await RequestBody.ReadAsync(context.Request, MaxResponseBytes, context.RequestAborted);
        if (buffer is null)
        {
            var tooLarge = InvocationOutcome.FromError(InvocationOutcomeKind.ResponseTooLarge, "Function.ResponseSizeTooLarge",
                $"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");
            environment.Complete(process, requestId, tooLarge);
            await WriteErrorAsync(context, StatusCodes.Status413RequestEntityTooLarge, "RequestEntityTooLarge",
                $"Exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");
            return;
        }

        var outcome = InvocationOutcome.FromPooled(InvocationOutcomeKind.Success, buffer, length, context.Request.ContentType);
        await WriteStatusAsync(context, environment.Complete(process, requestId, outcome), requestId);
    }

    private static async Task ErrorAsync(HttpContext context, EnvironmentProcess process, string requestId)
    {
        if (process.Environment is not { } environment)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidStateTransition", "This process has not been given a function.");
            return;
        }

        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        var (buffer, length) = await RequestBody.ReadAsync(context.Request, MaxErrorBytes, context.RequestAborted);
        InvocationOutcome outcome;
        if (buffer is null || length == 0)
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // Lambda builds the error from the header when the runtime sends no usable body.
            outcome = InvocationOutcome.FromError(InvocationOutcomeKind.FunctionError, errorType.Length > 0 ? errorType : "Runtime.Unknown",
                buffer is null ? "The runtime's error report was too large." : "Unhandled error reported by the runtime.");
        }
        else
        {
            outcome = InvocationOutcome.FromPooled(InvocationOutcomeKind.FunctionError, buffer, length, "application/json");
        }

        await WriteStatusAsync(context, environment.Complete(process, requestId, outcome), requestId);
    }

    private static async Task InitErrorAsync(HttpContext context, EnvironmentProcess process)
    {
        if (process.Environment is not { } environment)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidStateTransition", "This process has not been given a function.");
            return;
        }

        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        var (buffer, length) = await RequestBody.ReadAsync(context.Request, MaxErrorBytes, context.RequestAborted);
        var body = buffer is null ? [] : buffer.AsSpan(0, length).ToArray();
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await WriteStatusAsync(context, environment.FailInit(process, errorType, body), "init");
    }

    private static async Task SpecializeAsync(HttpContext context, EnvironmentProcess process)
    {
        if (!process.IsStemCell)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidStateTransition", "Only stem cells are specialised.");
            return;
        }

        byte[]? body;
        try
        {
            body = await process.AwaitSpecializationAsync().WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            return;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task WriteStatusAsync(HttpContext context, RuntimeApiStatus status, string requestId) => status switch
    {
        RuntimeApiStatus.Accepted => WriteAcceptedAsync(context),
        RuntimeApiStatus.InvalidRequestId => WriteErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestID",
            $"Invalid request ID: '{requestId}' is not the invocation in progress."),
        _ => WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidStateTransition",
            "State transition is not allowed: no invocation or init is waiting for this report."),
    };

    private static Task WriteAcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = AcceptedBody.Length;
        return context.Response.Body.WriteAsync(AcceptedBody).AsTask();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        var body = Encoding.UTF8.GetBytes(LambdaErrorJsonText(errorType, message));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    // The Runtime API's own errors put errorMessage first, as Lambda's do.
    private static string LambdaErrorJsonText(string errorType, string message)
        => "{\"errorMessage\":" + System.Text.Json.JsonSerializer.Serialize(message) + ",\"errorType\":\"" + errorType + "\"}";
}
