using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Hosting;

/// <summary>Every answer of the gateway carries <c>x-amzn-RequestId</c>, as Lambda's do; SDKs report it as the request id.</summary>
public static class RequestIds
{
    private const string ItemKey = "faas.request-id";

    /// <summary>The request id of this request (also the invocation's request id for Invoke).</summary>
    public static string Get(HttpContext context) => (string)context.Items[ItemKey]!;

    internal static Task AssignAsync(HttpContext context, RequestDelegate next)
    {
        var id = Guid.NewGuid().ToString();
        context.Items[ItemKey] = id;
        context.Response.Headers["x-amzn-RequestId"] = id;
        return next(context);
    }
}
