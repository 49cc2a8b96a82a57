using Faas.Gateway.FunctionUrls;

namespace Faas.Gateway.Tests.FunctionUrls;

public class FunctionUrlOptionsValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("on.aws")]
    [InlineData("faas.example.com")]
    [InlineData("localhost")]
    public void Validate_DnsNameOrNone_Succeeds(string? domain)
    {
        var options = new GatewayOptions { FunctionUrls = { Domain = domain } };

        Assert.True(new FunctionUrlOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("https://faas.example.com")]
    [InlineData("faas.example.com:8443")]
    [InlineData("faas.example.com/urls")]
    [InlineData("")]
    [InlineData("-bad.example.com")]
    public void Validate_NotADnsName_FailsNamingTheKey(string domain)
    {
        var options = new GatewayOptions { FunctionUrls = { Domain = domain } };

        var result = new FunctionUrlOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith("Gateway:FunctionUrls:Domain must be a DNS name", result.FailureMessage, StringComparison.Ordinal);
    }
}
