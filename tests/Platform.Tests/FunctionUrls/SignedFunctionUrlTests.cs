using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Auth;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.FunctionUrls;

/// <summary>Function URLs on a gateway that enforces access keys: NONE stays open, AWS_IAM needs a valid signature with the Invoke grant.</summary>
[Collection(KeyedPlatformCollection.Name)]
public sealed class SignedFunctionUrlTests(KeyedPlatformFixture fixture, ITestOutputHelper output) : FunctionUrlTestBase(fixture.Platform, output)
{
    protected override AwsCli Aws => fixture.Aws(KeyedPlatformFixture.FullKeyId, KeyedPlatformFixture.FullSecret);

    [Fact]
    public async Task Get_NoneUrlUnsigned_ReachesTheFunction()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler);

        using var response = await Fixture.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_AwsIamUrlSignedWithTheInvokeKey_ReachesTheFunction()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler, authType: "AWS_IAM");

        using var response = await SendSignedAsync(url, KeyedPlatformFixture.InvokeKeyId, KeyedPlatformFixture.InvokeSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_AwsIamUrlSignedWithTheControlOnlyKey_IsAccessDenied()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler, authType: "AWS_IAM");

        using var response = await SendSignedAsync(url, KeyedPlatformFixture.ControlKeyId, KeyedPlatformFixture.ControlSecret);

        await AssertForbiddenAsync(response, "AccessDeniedException");
    }

    [Fact]
    public async Task Get_AwsIamUrlSignedWithAWrongSecret_IsInvalidSignature()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler, authType: "AWS_IAM");

        using var response = await SendSignedAsync(url, KeyedPlatformFixture.InvokeKeyId, "wrong-secret");

        await AssertForbiddenAsync(response, "InvalidSignatureException");
    }

    [Fact]
    public async Task Get_AwsIamUrlUnsigned_IsForbidden()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler, authType: "AWS_IAM");

        using var response = await Fixture.Http.GetAsync(url);

        var message = await AssertForbiddenAsync(response, "MissingAuthenticationTokenException");
        Assert.Equal("Forbidden", message);
    }

    [Fact]
    public async Task Get_HostFormOnALambdaApiPath_IsTheUrlsRequest()
    {
        var url = await CreateUrlFunctionAsync(EchoHandler);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Fixture.GatewayUri, "2015-03-31/functions?x=1"));
        request.Headers.Host = $"{UrlId(url)}.lambda-url.us-east-1.{KeyedPlatformFixture.UrlDomain}";

        using var response = await Fixture.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var seen = JsonSerializer.Deserialize<Amazon.Lambda.APIGatewayEvents.APIGatewayHttpApiV2ProxyRequest>(body)!;
        Assert.Equal("/2015-03-31/functions", seen.RawPath);
        Assert.Equal("x=1", seen.RawQueryString);
        Assert.Equal(request.Headers.Host, seen.RequestContext.DomainName);
        Assert.Equal(UrlId(url), seen.RequestContext.DomainPrefix);
    }

    private async Task<HttpResponseMessage> SendSignedAsync(Uri url, string accessKeyId, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "private?x=1"));
        await BotocoreSigner.SignAsync(request, accessKeyId, secret);
        return await Fixture.Http.SendAsync(request);
    }

    private static async Task<string> AssertForbiddenAsync(HttpResponseMessage response, string errorType)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(errorType, Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("Message").GetString()!;
    }
}
