using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Serialization.SystemTextJson;
using Faas.Gateway.FunctionUrls;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Tests.FunctionUrls;

public class FunctionUrlEventsTests
{
    private static readonly DateTimeOffset Arrived = new(2020, 3, 12, 19, 3, 58, 390, TimeSpan.Zero);

    [Fact]
    public void WriteV2_PostWithCookiesQueryAndRepeatedHeaders_IsLambdasEventMemberForMember()
    {
        var json = V2(Input());

        var expected = """
            {"version":"2.0","routeKey":"$default","rawPath":"/my/path","rawQueryString":"a=1&a=2&b=x%20y","cookies":["c1=v1","c2=v2"],
            "headers":{"host":"127.0.0.1:9000","user-agent":"curl/8","content-type":"application/json","x-multi":"v1,v2",
            "x-forwarded-for":"1.2.3.4","x-forwarded-proto":"http","x-forwarded-port":"9000"},
            "queryStringParameters":{"a":"1,2","b":"x y"},
            "requestContext":{"accountId":"000000000000","apiId":"abc123","authentication":null,"authorizer":null,
            "domainName":"127.0.0.1:9000","domainPrefix":"abc123",
            "http":{"method":"POST","path":"/my/path","protocol":"HTTP/1.1","sourceIp":"1.2.3.4","userAgent":"curl/8"},
            "requestId":"req-1","routeKey":"$default","stage":"$default","time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1584039838390},
            "body":"{\"k\":\"v\"}","pathParameters":null,"isBase64Encoded":false,"stageVariables":null}
            """.ReplaceLineEndings("");
        Assert.Equal(expected, json);
    }

    [Fact]
    public void WriteV2_ReadByADotNetFunction_GivesTheRequestAsSent()
    {
        var request = Deserialize<APIGatewayHttpApiV2ProxyRequest>(V2(Input()));

        Assert.Equal("2.0", request.Version);
        Assert.Equal("/my/path", request.RawPath);
        Assert.Equal("a=1&a=2&b=x%20y", request.RawQueryString);
        Assert.Equal(["c1=v1", "c2=v2"], request.Cookies);
        Assert.Equal("v1,v2", request.Headers["x-multi"]);
        Assert.False(request.Headers.ContainsKey("cookie"));
        Assert.Equal("1,2", request.QueryStringParameters["a"]);
        Assert.Equal("""{"k":"v"}""", request.Body);
        Assert.False(request.IsBase64Encoded);
        Assert.Equal("abc123", request.RequestContext.ApiId);
        Assert.Equal("POST", request.RequestContext.Http.Method);
        Assert.Equal("1.2.3.4", request.RequestContext.Http.SourceIp);
        Assert.Equal(1584039838390, request.RequestContext.TimeEpoch);
        Assert.Null(request.RequestContext.Authorizer);
    }

    [Fact]
    public void WriteV2_GetWithoutBodyCookiesOrQuery_LeavesThoseMembersOut()
    {
        var input = Input() with { Method = "GET", RawQuery = "", Headers = Headers(("Host", "h")), Body = ReadOnlyMemory<byte>.Empty };

        using var document = JsonDocument.Parse(V2(input));

        var root = document.RootElement;
        Assert.Equal("", root.GetProperty("rawQueryString").GetString());
        Assert.False(root.TryGetProperty("cookies", out _));
        Assert.False(root.TryGetProperty("queryStringParameters", out _));
        Assert.False(root.TryGetProperty("body", out _));
        Assert.False(root.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("", root.GetProperty("requestContext").GetProperty("http").GetProperty("userAgent").GetString());
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("image/png")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public void WriteV2_NonTextBody_IsBase64(string? contentType)
    {
        var bytes = new byte[] { 0, 1, 2, 0xFF, 0xFE };
        var input = Input() with { Headers = contentType is null ? Headers(("Host", "h")) : Headers(("Content-Type", contentType)), Body = bytes };

        var request = Deserialize<APIGatewayHttpApiV2ProxyRequest>(V2(input));

        Assert.True(request.IsBase64Encoded);
        Assert.Equal(bytes, Convert.FromBase64String(request.Body));
    }

    [Fact]
    public void WriteV2_TextContentTypeButInvalidUtf8_IsBase64()
    {
        var bytes = new byte[] { (byte)'a', 0xC3 };
        var input = Input() with { Headers = Headers(("Content-Type", "text/plain; charset=utf-8")), Body = bytes };

        var request = Deserialize<APIGatewayHttpApiV2ProxyRequest>(V2(input));

        Assert.True(request.IsBase64Encoded);
        Assert.Equal(bytes, Convert.FromBase64String(request.Body));
    }

    [Fact]
    public void WriteV2_UnicodeAndHtmlText_IsKeptReadable()
    {
        var input = Input() with { Headers = Headers(("Content-Type", "text/html")), Body = Encoding.UTF8.GetBytes("<p>été & \"ok\"</p>") };

        var json = V2(input);

        Assert.Contains("\"body\":\"<p>été & \\\"ok\\\"</p>\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteV2_IamCaller_DescribesTheCallerInAuthorizerIam()
    {
        var input = Input() with { CallerAccessKeyId = "AKIAEXAMPLE" };

        using var document = JsonDocument.Parse(V2(input));
        var request = Deserialize<APIGatewayHttpApiV2ProxyRequest>(V2(input));

        Assert.Equal(
            """{"accessKey":"AKIAEXAMPLE","accountId":"000000000000","callerId":"AKIAEXAMPLE","cognitoIdentity":null,"principalOrgId":null,"userArn":"arn:aws:iam::000000000000:user/AKIAEXAMPLE","userId":"AKIAEXAMPLE"}""",
            document.RootElement.GetProperty("requestContext").GetProperty("authorizer").GetProperty("iam").GetRawText());
        Assert.Equal("AKIAEXAMPLE", request.RequestContext.Authorizer.IAM.AccessKey);
    }

    [Fact]
    public void WriteV2_ForwardedHeadersFromAProxy_AreKeptAndThePeerAppended()
    {
        var input = Input() with
        {
            Headers = Headers(("Host", "h"), ("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Port", "443")),
        };

        var request = Deserialize<APIGatewayHttpApiV2ProxyRequest>(V2(input));

        Assert.Equal("203.0.113.9, 1.2.3.4", request.Headers["x-forwarded-for"]);
        Assert.Equal("https", request.Headers["x-forwarded-proto"]);
        Assert.Equal("443", request.Headers["x-forwarded-port"]);
    }

    [Fact]
    public void WriteV2_Ipv4MappedPeer_IsShownAsIpv4()
    {
        var input = Input() with { SourceIp = IPAddress.Parse("1.2.3.4").MapToIPv6() };

        var request = Deserialize<APIGatewayHttpApiV2ProxyRequest>(V2(input));

        Assert.Equal("1.2.3.4", request.RequestContext.Http.SourceIp);
    }

    [Fact]
    public void WriteV1_ReadByADotNetFunction_GivesTheRestProxyEvent()
    {
        var json = V1(Input() with { CallerAccessKeyId = "AKIAEXAMPLE" });

        var request = Deserialize<APIGatewayProxyRequest>(json);

        Assert.Equal("/my/path", request.Path);
        Assert.Equal("/my/path", request.Resource);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("v2", request.Headers["X-Multi"]);
        Assert.Equal(["v1", "v2"], request.MultiValueHeaders["X-Multi"]);
        Assert.Equal("c1=v1; c2=v2", request.Headers["Cookie"]);
        Assert.Equal("2", request.QueryStringParameters["a"]);
        Assert.Equal(["1", "2"], request.MultiValueQueryStringParameters["a"]);
        Assert.Equal("""{"k":"v"}""", request.Body);
        Assert.False(request.IsBase64Encoded);
        Assert.Equal("1.2.3.4", request.RequestContext.Identity.SourceIp);
        Assert.Equal("AKIAEXAMPLE", request.RequestContext.Identity.AccessKey);
        Assert.Equal("12/Mar/2020:19:03:58 +0000", request.RequestContext.RequestTime);
        Assert.Equal("$default", request.RequestContext.Stage);
        Assert.StartsWith("""{"version":"1.0","resource":"/my/path","path":"/my/path","httpMethod":"POST","headers":{""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteV1_NoQueryOrBody_HasNullMembers()
    {
        var input = Input() with { RawQuery = "", Body = ReadOnlyMemory<byte>.Empty };

        using var document = JsonDocument.Parse(V1(input));

        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("queryStringParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("multiValueQueryStringParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("body").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("pathParameters").ValueKind);
        Assert.False(root.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("text/plain", true)]
    [InlineData("TEXT/CSV", true)]
    [InlineData("application/xml", true)]
    [InlineData("application/atom+xml", true)]
    [InlineData("application/javascript", true)]
    [InlineData("application/x-www-form-urlencoded", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("application/octet-stream", false)]
    [InlineData("", false)]
    public void IsTextContentType_MediaType_TellsTextFromBinary(string contentType, bool text)
    {
        Assert.Equal(text, FunctionUrlEvents.IsTextContentType(contentType));
    }

    [Fact]
    public void ParseQuery_EncodedRepeatedAndBareParameters_AreDecodedInOrder()
    {
        var query = FunctionUrlEvents.ParseQuery("b=2&a=x%26y&b=3&flag&=skipped&&c=%E2%9C%93");

        Assert.Equal(["b", "a", "flag", "c"], query.Select(p => p.Key));
        Assert.Equal(["2", "3"], query[0].Value);
        Assert.Equal(["x&y"], query[1].Value);
        Assert.Equal([""], query[2].Value);
        Assert.Equal(["✓"], query[3].Value);
    }

    private static FunctionUrlEventInput Input() => new()
    {
        Method = "POST",
        RawPath = "/my/path",
        RawQuery = "a=1&a=2&b=x%20y",
        Headers = Headers(
            ("Host", "127.0.0.1:9000"),
            ("User-Agent", "curl/8"),
            ("Content-Type", "application/json"),
            ("Cookie", "c1=v1; c2=v2"),
            ("X-Multi", "v1"),
            ("X-Multi", "v2")),
        Body = Encoding.UTF8.GetBytes("""{"k":"v"}"""),
        Protocol = "HTTP/1.1",
        Scheme = "http",
        LocalPort = 9000,
        SourceIp = IPAddress.Parse("1.2.3.4"),
        UrlId = "abc123",
        DomainName = "127.0.0.1:9000",
        DomainPrefix = "abc123",
        RequestId = "req-1",
        AccountId = "000000000000",
        Time = Arrived,
    };

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return dictionary;
    }

    private static string V2(FunctionUrlEventInput input) => Write(input, FunctionUrlEvents.WriteV2);

    private static string V1(FunctionUrlEventInput input) => Write(input, FunctionUrlEvents.WriteV1);

    private static string Write(FunctionUrlEventInput input, Action<Utf8JsonWriter, FunctionUrlEventInput> write)
    {
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer, FunctionUrlEvents.WriterOptions))
        {
            write(json, input);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // What a .NET function sees: the event read by the serializer its handler uses.
    private static T Deserialize<T>(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return new DefaultLambdaJsonSerializer().Deserialize<T>(stream);
    }
}
