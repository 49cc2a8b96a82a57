using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.FunctionUrls;

/// <summary>Function URLs end to end on a loopback gateway: what the function sees, what the caller gets.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FunctionUrlTests(PlatformFixture fixture, ITestOutputHelper output) : FunctionUrlTestBase(fixture, output)
{
    [Fact]
    public async Task Get_WithPathQueryCookiesAndHeaders_FunctionSeesThemAndCallerGetsStatusHeadersCookies()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "items/42?a=1&a=2&b=x%20y"));
        request.Headers.Add("Cookie", "c1=v1; c2=v2");
        request.Headers.Add("X-Custom", "custom value");
        request.Headers.UserAgent.ParseAdd("url-tests/1.0");

        using var response = await Fixture.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var requestId = Assert.Single(response.Headers.GetValues("x-amzn-RequestId"));
        Assert.Equal("GET", Assert.Single(response.Headers.GetValues("X-Echo-Method")));
        Assert.Equal(requestId, Assert.Single(response.Headers.GetValues("X-Echo-Request-Id")));
        Assert.Equal(["session=abc123; Path=/; HttpOnly", "theme=dark"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var seen = JsonSerializer.Deserialize<APIGatewayHttpApiV2ProxyRequest>(body)!;
        Assert.Equal("2.0", seen.Version);
        Assert.Equal("/items/42", seen.RawPath);
        Assert.Equal("a=1&a=2&b=x%20y", seen.RawQueryString);
        Assert.Equal("1,2", seen.QueryStringParameters["a"]);
        Assert.Equal("x y", seen.QueryStringParameters["b"]);
        Assert.Equal(["c1=v1", "c2=v2"], seen.Cookies);
        Assert.Equal("custom value", seen.Headers["x-custom"]);
        Assert.False(seen.Headers.ContainsKey("cookie"));
        Assert.Null(seen.Body);
        Assert.Equal(UrlId(url), seen.RequestContext.ApiId);
        Assert.Equal("GET", seen.RequestContext.Http.Method);
        Assert.Equal("/items/42", seen.RequestContext.Http.Path);
        Assert.Equal("127.0.0.1", seen.RequestContext.Http.SourceIp);
        Assert.Equal("url-tests/1.0", seen.RequestContext.Http.UserAgent);
        Assert.Equal(requestId, seen.RequestContext.RequestId);
        Assert.Equal("$default", seen.RequestContext.Stage);
        Assert.Null(seen.RequestContext.Authorizer);
    }

    [Fact]
    public async Task Post_JsonBody_FunctionGetsItAsTextAndItsStatusIsAnswered()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler);
        var json = """{"order":17,"items":["é","<b>"]}""";

        using var response = await Fixture.Http.PostAsync(new Uri(url, "?status=201"), new StringContent(json, Encoding.UTF8, "application/json"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var seen = JsonSerializer.Deserialize<APIGatewayHttpApiV2ProxyRequest>(body)!;
        Assert.Equal("POST", seen.RequestContext.Http.Method);
        Assert.Equal(json, seen.Body);
        Assert.False(seen.IsBase64Encoded);
        Assert.Equal("application/json; charset=utf-8", seen.Headers["content-type"]);
    }

    [Fact]
    public async Task Post_BinaryBody_FunctionGetsBase64AndItsBase64AnswerArrivesAsBytes()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler);
        var bytes = Enumerable.Range(0, 256).Select(static i => (byte)i).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await Fixture.Http.PostAsync(new Uri(url, "binary"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.Reverse(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_FunctionReturnsAPlainObject_AnswersItAs200Json()
    {
        var url = await CreateUrlFunctionAsync("UrlEcho::UrlEcho.Functions::Plain");

        using var response = await Fixture.Http.GetAsync(new Uri(url, "hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/hello", body.RootElement.GetProperty("path").GetString());
        Assert.Equal("hello", body.RootElement.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task Get_FunctionThrows_Answers502()
    {
        var url = await CreateUrlFunctionAsync("UrlEcho::UrlEcho.Functions::Fail");

        using var response = await Fixture.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Internal Server Error", body.RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task Get_FunctionAsksForPayloadFormat1_GetsTheRestProxyEvent()
    {
        var url = await CreateUrlFunctionAsync(
            "UrlEcho::UrlEcho.Functions::EchoRest", environment: new() { ["FAAS_URL_PAYLOAD_FORMAT"] = "1.0" });

        using var response = await Fixture.Http.GetAsync(new Uri(url, "rest/path?q=1&q=2"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(["a", "b"], response.Headers.GetValues("X-Multi"));
        var seen = JsonSerializer.Deserialize<APIGatewayProxyRequest>(body)!;
        Assert.Equal("/rest/path", seen.Path);
        Assert.Equal("GET", seen.HttpMethod);
        Assert.Equal("2", seen.QueryStringParameters["q"]);
        Assert.Equal(["1", "2"], seen.MultiValueQueryStringParameters["q"]);
        Assert.Equal("127.0.0.1", seen.RequestContext.Identity.SourceIp);
    }

    [Fact]
    public async Task Request_AwsIamUrlWithoutSignature_IsForbidden()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler, authType: "AWS_IAM");

        using var response = await Fixture.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Forbidden", body.RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task Request_AwsIamUrlSignedByBotocore_ReachesTheFunctionWithTheCaller()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler, authType: "AWS_IAM");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "signed?x=1"))
        {
            Content = new StringContent("""{"signed":true}""", Encoding.UTF8, "application/json"),
        };
        await BotocoreSigner.SignAsync(request, "AKIAANYCALLER", "any-secret");

        using var response = await Fixture.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var seen = JsonSerializer.Deserialize<APIGatewayHttpApiV2ProxyRequest>(body)!;
        Assert.Equal("AKIAANYCALLER", seen.RequestContext.Authorizer.IAM.AccessKey);
        Assert.Equal("""{"signed":true}""", seen.Body);
    }

    [Fact]
    public async Task Options_CorsPreflight_IsAnsweredFromTheConfigWithoutInvoking()
    {
        var url = await CreateUrlFunctionAsync(
            EchoHandler,
            cors: """{"AllowOrigins":["https://app.example.com"],"AllowMethods":["GET","POST"],"AllowHeaders":["content-type"],"ExposeHeaders":["x-echo-method"],"MaxAge":300}""");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(url, "items"));
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var actual = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "items"));
        actual.Headers.Add("Origin", "https://app.example.com");

        using var preflightResponse = await Fixture.Http.SendAsync(preflight);
        using var actualResponse = await Fixture.Http.SendAsync(actual);

        Assert.Equal(HttpStatusCode.OK, preflightResponse.StatusCode);
        Assert.Equal("https://app.example.com", Assert.Single(preflightResponse.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("GET, POST", Assert.Single(preflightResponse.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal("content-type", Assert.Single(preflightResponse.Headers.GetValues("Access-Control-Allow-Headers")));
        Assert.Equal("300", Assert.Single(preflightResponse.Headers.GetValues("Access-Control-Max-Age")));
        Assert.False(preflightResponse.Headers.Contains("Set-Cookie"));
        Assert.Empty(await preflightResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, actualResponse.StatusCode);
        Assert.Equal("https://app.example.com", Assert.Single(actualResponse.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("x-echo-method", Assert.Single(actualResponse.Headers.GetValues("Access-Control-Expose-Headers")));
    }

    [Fact]
    public async Task Get_FunctionThrottledToZero_Answers429WithLambdasErrorType()
    {
        var (name, url) = await CreateNamedUrlFunctionAsync(EchoHandler);
        var throttled = await Aws.LambdaAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "0");
        Assert.True(throttled.ExitCode == 0, throttled.ToString());

        using var response = await Fixture.Http.GetAsync(url);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal("TooManyRequestsException", Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Request_UnknownUrlId_Is404()
    {
        using var response = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, "lambda-url/doesnotexist0000000000000000000000/"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("doesnotexist", body.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_AfterTheUrlConfigIsDeleted_Is404()
    {
        var (name, url) = await CreateNamedUrlFunctionAsync(EchoHandler);
        using (var first = await Fixture.Http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var deleted = await Aws.LambdaAsync("delete-function-url-config", "--function-name", name);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());

        // The gateway may serve the old route for its cache duration (1 s by default).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            using var response = await Fixture.Http.GetAsync(url);
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.NotFound && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
