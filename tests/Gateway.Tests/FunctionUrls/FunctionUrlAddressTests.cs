using Faas.Gateway.FunctionUrls;
using Faas.Gateway.Tests.Auth;

namespace Faas.Gateway.Tests.FunctionUrls;

public class FunctionUrlAddressTests
{
    [Theory]
    [InlineData("/lambda-url/abc123/", "abc123", "/", "")]
    [InlineData("/lambda-url/abc123", "abc123", "/", "")]
    [InlineData("/lambda-url/abc123/items/%C3%A9t%C3%A9?x=1&y=%20", "abc123", "/items/%C3%A9t%C3%A9", "x=1&y=%20")]
    [InlineData("/lambda-url/abc123//double", "abc123", "//double", "")]
    public void TryMatch_PathForm_GivesTheUrlIdAndTheRawPathBelowIt(string rawTarget, string urlId, string rawPath, string rawQuery)
    {
        var context = TestRequests.Create("GET", rawTarget, [("Host", "127.0.0.1:9000")]);

        Assert.True(Address().TryMatch(context, out var target));

        Assert.Equal(new FunctionUrlRequestTarget(urlId, rawPath, rawQuery, "127.0.0.1:9000", urlId), target);
    }

    [Theory]
    [InlineData("/lambda-url/")]
    [InlineData("/lambda-url/bad.id/")]
    [InlineData("/lambda-urls/abc/")]
    [InlineData("/2015-03-31/functions")]
    public void TryMatch_NotAFunctionUrl_IsFalse(string rawTarget)
    {
        var context = TestRequests.Create("GET", rawTarget, [("Host", "127.0.0.1:9000")]);

        Assert.False(Address().TryMatch(context, out _));
    }

    [Fact]
    public void TryMatch_HostFormWithConfiguredDomain_TakesTheWholePath()
    {
        var context = TestRequests.Create("GET", "/2015-03-31/functions?x=1", [("Host", "AbC123.lambda-url.us-east-1.faas.example.com:8443")]);
        var address = Address(domain: "faas.example.com");

        Assert.True(address.IsFunctionUrl(context.Request));
        Assert.True(address.TryMatch(context, out var target));

        Assert.Equal(new FunctionUrlRequestTarget("abc123", "/2015-03-31/functions", "x=1", "abc123.lambda-url.us-east-1.faas.example.com", "abc123"), target);
    }

    [Theory]
    [InlineData("abc123.lambda-url.eu-west-1.faas.example.com")]
    [InlineData("abc123.lambda-url.us-east-1.other.example.com")]
    [InlineData("lambda-url.us-east-1.faas.example.com")]
    [InlineData("a.b.lambda-url.us-east-1.faas.example.com")]
    public void IsFunctionUrl_OtherHosts_IsFalse(string host)
    {
        var context = TestRequests.Create("GET", "/", [("Host", host)]);

        Assert.False(Address(domain: "faas.example.com").IsFunctionUrl(context.Request));
    }

    [Fact]
    public void IsFunctionUrl_HostFormWithoutDomain_IsFalse()
    {
        var context = TestRequests.Create("GET", "/", [("Host", "abc123.lambda-url.us-east-1.on.aws")]);

        Assert.False(Address().IsFunctionUrl(context.Request));
    }

    private static FunctionUrlAddress Address(string? domain = null) =>
        new(new GatewayOptions { Region = "us-east-1", FunctionUrls = { Domain = domain } });
}
