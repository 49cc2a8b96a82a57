using Faas.Gateway.FunctionUrls;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Auth;

/// <summary>
/// Authenticates every Lambda API request before routing, when access keys are configured. Function URL requests pass
/// through: whether they need a signature depends on the URL's AuthType, which their endpoint looks up. So does
/// <c>/metrics</c> unless <see cref="AuthOptions.AnonymousMetrics"/> is off. Any other path needs a signature.
/// </summary>
internal sealed class GatewayAuthMiddleware(RequestDelegate next, RequestAuthenticator authenticator, FunctionUrlAddress functionUrls, GatewayOptions options)
{
    private const string MetricsPath = "/metrics";

    // Control bodies (CreateFunction carries a base64 zip of up to 50 MB) spill to a temporary file past this size.
    private const int ControlMemoryThreshold = 1024 * 1024;

    private readonly bool _anonymousMetrics = options.Auth.AnonymousMetrics;

    public async Task InvokeAsync(HttpContext context)
    {
        if (functionUrls.IsFunctionUrl(context.Request) || (_anonymousMetrics && context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal)))
        {
            await next(context);
            return;
        }

        var required = LambdaApiAccess.Required(context.Request.Path);
        var outcome = required == AccessGrants.Invoke
            ? await authenticator.AuthenticateAsync(context, required, LambdaApiAccess.MaxInvokeBodyBytes, (int)LambdaApiAccess.MaxInvokeBodyBytes, context.RequestAborted)
            : await authenticator.AuthenticateAsync(context, required, long.MaxValue, ControlMemoryThreshold, context.RequestAborted);
        if (!outcome.Allowed)
        {
            await outcome.Error!.WriteAsync(context);
            return;
        }

        await next(context);
    }
}
