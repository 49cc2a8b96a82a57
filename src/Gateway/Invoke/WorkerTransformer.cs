using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Faas.Gateway.Invoke;

/// <summary>
/// Shapes a forwarded invocation: the exact environment URL, only Lambda's invocation headers plus ours (request id,
/// invoked ARN; never the caller's credentials or signature), and on the way back the worker's answer without its
/// private <c>X-Faas-*</c> headers, which are read for metrics.
/// </summary>
internal sealed class WorkerTransformer : HttpTransformer
{
    public static readonly WorkerTransformer Instance = new();

    // What a synchronous invocation passes to the function (LAMBDA-COMPAT 2.1); everything else stays here.
    private static readonly string[] PassedRequestHeaders = ["X-Amz-Log-Type", "X-Amz-Client-Context", "X-Amzn-Trace-Id", "X-Amz-Tenant-Id"];

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        var state = httpContext.Features.GetRequiredFeature<ForwardState>();
        proxyRequest.RequestUri = new Uri(destinationPrefix, UriKind.Absolute);
        var headers = httpContext.Request.Headers;
        foreach (var name in PassedRequestHeaders)
        {
            if (headers.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value))
            {
                proxyRequest.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value!);
            }
        }

        proxyRequest.Headers.TryAddWithoutValidation("X-Faas-Request-Id", state.RequestId);
        proxyRequest.Headers.TryAddWithoutValidation("X-Faas-Invoked-Function-Arn", state.InvokedFunctionArn);
        if (proxyRequest.Content is { } content)
        {
            content.Headers.ContentLength = state.Length;
            content.Headers.TryAddWithoutValidation("Content-Type", headers.ContentType.ToString() is { Length: > 0 } type ? type : "application/json");
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            return ValueTask.FromResult(false);
        }

        var state = httpContext.Features.GetRequiredFeature<ForwardState>();
        var status = (int)proxyResponse.StatusCode;
        state.StatusCode = status;
        if (status is StatusCodes.Status404NotFound or StatusCodes.Status409Conflict)
        {
            // The worker no longer has this environment (or finds it busy): nothing goes to the caller; the
            // invocation is retried on another lease.
            state.EnvironmentGone = true;
            return ValueTask.FromResult(false);
        }

        var response = httpContext.Response;
        Copy(proxyResponse.Headers, response.Headers, state);
        Copy(proxyResponse.Content.Headers, response.Headers, state);
        return ValueTask.FromResult(true);
    }

    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken)
        => ValueTask.CompletedTask;

    private static void Copy(System.Net.Http.Headers.HttpHeaders source, IHeaderDictionary target, ForwardState state)
    {
        foreach (var (name, values) in source.NonValidated)
        {
            if (name.StartsWith("X-Faas-", StringComparison.OrdinalIgnoreCase))
            {
                if (name.Equals("X-Faas-Duration-Ms", StringComparison.OrdinalIgnoreCase))
                {
                    state.DurationMs = ForwardState.ParseMilliseconds(values.ToString());
                }
                else if (name.Equals("X-Faas-Init-Duration-Ms", StringComparison.OrdinalIgnoreCase))
                {
                    state.InitDurationMs = ForwardState.ParseMilliseconds(values.ToString());
                }

                continue;
            }

            // The gateway's own request id, date and framing stand; the worker's would duplicate them.
            if (name.Equals("x-amzn-RequestId", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Date", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Server", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals("X-Amz-Function-Error", StringComparison.OrdinalIgnoreCase))
            {
                state.FunctionError = true;
            }
            else if (name.Equals("X-Amz-Executed-Version", StringComparison.OrdinalIgnoreCase))
            {
                state.ExecutedVersion = values.ToString();
            }

            target[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
        }
    }
}
