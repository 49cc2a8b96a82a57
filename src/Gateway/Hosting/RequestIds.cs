using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faas.Gateway.Hosting;

/// <summary>Every answer of the gateway carries <c>x-amzn-RequestId</c>, as Lambda's do; SDKs report it as the request id.</summary>
public static class RequestIds
{
    /// <summary>The request id of this request (also the invocation's request id for Invoke).</summary>
    public static string Get(HttpContext context) => context.Features.GetRequiredFeature<RequestIdFeature>().Id;

    internal static Task AssignAsync(HttpContext context, RequestDelegate next)
    {
        var id = Guid.NewGuid().ToString();
        // A feature rather than an entry in Items: Items makes a dictionary per request, on every invoke.
        context.Features.Set(new RequestIdFeature(id));
        context.Response.Headers["x-amzn-RequestId"] = id;
        return next(context);
    }

    private sealed class RequestIdFeature(string id)
    {
        public string Id { get; } = id;
    }
}
