using Faas.Gateway.Auth;

namespace Faas.Gateway.Tests.Auth;

public class AuthOptionsValidatorTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Validate_LoopbackWithoutKeys_Succeeds(string bindAddress)
    {
        var result = new AuthOptionsValidator().Validate(null, new GatewayOptions { BindAddress = bindAddress });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("::")]
    public void Validate_OtherAddressWithoutKeys_FailsNamingTheKeys(string bindAddress)
    {
        var result = new AuthOptionsValidator().Validate(null, new GatewayOptions { BindAddress = bindAddress });

        Assert.True(result.Failed);
        Assert.Contains("Gateway:Auth:Keys must list at least one access key", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(bindAddress, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OtherAddressWithKeys_Succeeds()
    {
        var options = new GatewayOptions { BindAddress = "0.0.0.0" };
        options.Auth.Keys.Add(new AccessKeyOptions { AccessKeyId = "AKIA1", SecretAccessKey = "s" });

        Assert.True(new AuthOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BadKeys_NamesEveryProblem()
    {
        var options = new GatewayOptions();
        options.Auth.Keys.Add(new AccessKeyOptions { AccessKeyId = "AKIA1", SecretAccessKey = "s" });
        options.Auth.Keys.Add(new AccessKeyOptions { AccessKeyId = "AKIA1", SecretAccessKey = "" });
        options.Auth.Keys.Add(new AccessKeyOptions { AccessKeyId = "a/b", SecretAccessKey = "s", Grants = AccessGrants.None });

        var result = new AuthOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Gateway:Auth:Keys:1:AccessKeyId 'AKIA1' is listed twice.", result.Failures!);
        Assert.Contains("Gateway:Auth:Keys:1:SecretAccessKey must not be empty (key 'AKIA1').", result.Failures!);
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Auth:Keys:2:AccessKeyId must be", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Auth:Keys:2:Grants must be", StringComparison.Ordinal));
    }
}
