using Faas.Gateway.FunctionUrls;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Tests.FunctionUrls;

public class FunctionUrlCorsPolicyTests
{
    private static readonly FunctionUrlCors Cors = new()
    {
        AllowOrigins = ["https://app.example.com"],
        AllowMethods = ["GET", "POST"],
        AllowHeaders = ["content-type", "x-api-key"],
        ExposeHeaders = ["x-request-id"],
        MaxAge = 600,
        AllowCredentials = true,
    };

    [Fact]
    public void Preflight_AllowedOriginAndMethod_AnswersWithTheConfiguration()
    {
        var headers = FunctionUrlCorsPolicy.Preflight(Cors, "https://app.example.com", "POST", "content-type");

        Assert.Equal(
            [
                new("Access-Control-Allow-Origin", "https://app.example.com"),
                new("Access-Control-Allow-Methods", "GET, POST"),
                new("Access-Control-Allow-Headers", "content-type, x-api-key"),
                new("Access-Control-Max-Age", "600"),
                new("Access-Control-Allow-Credentials", "true"),
                new("Vary", "Origin"),
            ],
            headers);
    }

    [Theory]
    [InlineData("https://evil.example.com", "POST")]
    [InlineData("https://app.example.com", "DELETE")]
    public void Preflight_OriginOrMethodNotAllowed_AnswersWithoutAllowHeaders(string origin, string method)
    {
        var headers = FunctionUrlCorsPolicy.Preflight(Cors, origin, method, "");

        Assert.DoesNotContain(headers, h => h.Key.StartsWith("Access-Control-", StringComparison.Ordinal));
    }

    [Fact]
    public void Preflight_Wildcards_EchoWhatWasAsked()
    {
        var cors = new FunctionUrlCors { AllowOrigins = ["*"], AllowMethods = ["*"], AllowHeaders = ["*"] };

        var headers = FunctionUrlCorsPolicy.Preflight(cors, "http://localhost:3000", "PATCH", "x-one, x-two");

        Assert.Contains(new("Access-Control-Allow-Origin", "*"), headers);
        Assert.Contains(new("Access-Control-Allow-Methods", "PATCH"), headers);
        Assert.Contains(new("Access-Control-Allow-Headers", "x-one, x-two"), headers);
    }

    [Fact]
    public void ApplyToResponse_AllowedOrigin_ReplacesTheFunctionsCorsHeaders()
    {
        var headers = new List<KeyValuePair<string, string>> { new("Access-Control-Allow-Origin", "*"), new("Content-Type", "text/plain") };

        FunctionUrlCorsPolicy.ApplyToResponse(headers, Cors, "https://app.example.com");

        Assert.Equal(
            [
                new("Content-Type", "text/plain"),
                new("Access-Control-Allow-Origin", "https://app.example.com"),
                new("Access-Control-Allow-Credentials", "true"),
                new("Access-Control-Expose-Headers", "x-request-id"),
                new("Vary", "Origin"),
            ],
            headers);
    }

    [Fact]
    public void ApplyToResponse_NoOrigin_RemovesTheFunctionsCorsHeadersOnly()
    {
        var headers = new List<KeyValuePair<string, string>> { new("access-control-allow-origin", "*"), new("X-Kept", "1") };

        FunctionUrlCorsPolicy.ApplyToResponse(headers, Cors, origin: null);

        Assert.Equal([new("X-Kept", "1")], headers);
    }

    [Theory]
    [InlineData("OPTIONS", true, true, true)]
    [InlineData("OPTIONS", true, false, false)]
    [InlineData("OPTIONS", false, true, false)]
    [InlineData("GET", true, true, false)]
    public void IsPreflight_Request_NeedsOptionsOriginAndRequestedMethod(string method, bool origin, bool requestMethod, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (origin)
        {
            context.Request.Headers.Origin = "https://app.example.com";
        }

        if (requestMethod)
        {
            context.Request.Headers.AccessControlRequestMethod = "POST";
        }

        Assert.Equal(expected, FunctionUrlCorsPolicy.IsPreflight(context.Request));
    }
}
