using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;
using Amazon.Lambda.Serialization.SystemTextJson;

[assembly: LambdaSerializer(typeof(DefaultLambdaJsonSerializer))]

namespace UrlEcho;

/// <summary>Handlers a function URL invokes, written as a user writes them against the API Gateway event types.</summary>
public class Functions
{
    /// <summary>
    /// Payload 2.0: answers with the event it received as its JSON body (status from <c>?status=</c>), two cookies and
    /// headers naming the method and request id; <c>/binary</c> answers the request's bytes reversed, base64-encoded.
    /// </summary>
    public APIGatewayHttpApiV2ProxyResponse Echo(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        if (request.RawPath == "/binary")
        {
            var bytes = request.IsBase64Encoded ? Convert.FromBase64String(request.Body) : Encoding.UTF8.GetBytes(request.Body ?? "");
            Array.Reverse(bytes);
            return new APIGatewayHttpApiV2ProxyResponse
            {
                StatusCode = 200,
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/octet-stream" },
                Body = Convert.ToBase64String(bytes),
                IsBase64Encoded = true,
            };
        }

        var status = request.QueryStringParameters is { } query && query.TryGetValue("status", out var text)
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : 200;
        return new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = status,
            Headers = new Dictionary<string, string>
            {
                ["Content-Type"] = "application/json",
                ["X-Echo-Method"] = request.RequestContext.Http.Method,
                ["X-Echo-Request-Id"] = context.AwsRequestId,
            },
            Cookies = ["session=abc123; Path=/; HttpOnly", "theme=dark"],
            Body = JsonSerializer.Serialize(request),
        };
    }

    /// <summary>Returns a plain object, not a proxy response: the URL answers 200 with it as JSON.</summary>
    public Dictionary<string, string> Plain(APIGatewayHttpApiV2ProxyRequest request) => new() { ["path"] = request.RawPath, ["greeting"] = "hello" };

    /// <summary>Payload 1.0 (REST proxy): answers with the event it received and a header with two values.</summary>
    public APIGatewayProxyResponse EchoRest(APIGatewayProxyRequest request) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        MultiValueHeaders = new Dictionary<string, IList<string>> { ["X-Multi"] = ["a", "b"] },
        Body = JsonSerializer.Serialize(request),
    };

    /// <summary>Throws: the URL answers 502.</summary>
    public APIGatewayHttpApiV2ProxyResponse Fail(APIGatewayHttpApiV2ProxyRequest request) =>
        throw new InvalidOperationException($"failed on {request.RawPath}");
}
