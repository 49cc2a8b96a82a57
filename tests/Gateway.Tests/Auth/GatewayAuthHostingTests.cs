using Faas.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Tests.Auth;

/// <summary>The gateway's composition refuses to start open on a network address.</summary>
public sealed class GatewayAuthHostingTests : IDisposable
{
    private readonly string _packages = Path.Combine(Path.GetTempPath(), $"faas-gateway-auth-{Guid.NewGuid():N}");

    [Fact]
    public void AddFaasGateway_AllInterfacesWithoutKeys_FailsWithTheKeyToSet()
    {
        var builder = WebApplication.CreateSlimBuilder();

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddFaasGateway(o =>
        {
            o.BindAddress = "0.0.0.0";
            o.PackageDirectory = _packages;
        }));

        Assert.Contains("Gateway:Auth:Keys must list at least one access key when Gateway:BindAddress ('0.0.0.0') is not a loopback address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFaasGateway_AllInterfacesWithKeysFromConfiguration_IsAccepted()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Gateway:BindAddress"] = "0.0.0.0";
        builder.Configuration["Gateway:PackageDirectory"] = _packages;
        builder.Configuration["Gateway:Auth:Keys:0:AccessKeyId"] = "AKIAFROMCONFIG";
        builder.Configuration["Gateway:Auth:Keys:0:SecretAccessKey"] = "secret";
        builder.Configuration["Gateway:Auth:Keys:0:Grants"] = "Invoke";

        builder.AddFaasGateway();

        var options = builder.Services.BuildServiceProvider().GetRequiredService<GatewayOptions>();
        var key = Assert.Single(options.Auth.Keys);
        Assert.Equal("AKIAFROMCONFIG", key.AccessKeyId);
        Assert.Equal(AccessGrants.Invoke, key.Grants);
    }

    public void Dispose()
    {
        if (Directory.Exists(_packages))
        {
            Directory.Delete(_packages, recursive: true);
        }
    }
}
