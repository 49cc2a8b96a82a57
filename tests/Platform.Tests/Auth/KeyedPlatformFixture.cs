using Faas.Gateway.Auth;
using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Auth;

/// <summary>
/// A platform on loopback with access keys configured, so that signatures are verified and grants enforced exactly as
/// on a non-loopback address: one key with every grant, one that may only invoke, one that may only control. Function
/// URLs are served by host name too.
/// </summary>
public sealed class KeyedPlatformFixture : IAsyncLifetime
{
    public const string FullKeyId = "AKIAFAASFULLACCESS";
    public const string FullSecret = "full/Secret+Key0000000000000000000000000";
    public const string InvokeKeyId = "AKIAFAASINVOKEONLY";
    public const string InvokeSecret = "invoke/Secret+Key000000000000000000000000";
    public const string ControlKeyId = "AKIAFAASCONTROLONLY";
    public const string ControlSecret = "control/Secret+Key00000000000000000000000";

    /// <summary>Function URLs are also served as <c>{url-id}.lambda-url.us-east-1.faas.test</c>.</summary>
    public const string UrlDomain = "faas.test";

    public KeyedPlatformFixture()
    {
        Platform.Options.ConfigureGateway = gateway =>
        {
            gateway.Auth.Keys.Add(new AccessKeyOptions { AccessKeyId = FullKeyId, SecretAccessKey = FullSecret });
            gateway.Auth.Keys.Add(new AccessKeyOptions { AccessKeyId = InvokeKeyId, SecretAccessKey = InvokeSecret, Grants = AccessGrants.Invoke });
            gateway.Auth.Keys.Add(new AccessKeyOptions { AccessKeyId = ControlKeyId, SecretAccessKey = ControlSecret, Grants = AccessGrants.Control });
            gateway.FunctionUrls.Domain = UrlDomain;
        };
    }

    public PlatformFixture Platform { get; } = new();

    /// <summary>The AWS CLI signing with the given key.</summary>
    public AwsCli Aws(string accessKeyId, string secretAccessKey) => new(Platform.GatewayUri, accessKeyId, secretAccessKey);

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}

/// <summary>Tests against the keyed platform run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class KeyedPlatformCollection : ICollectionFixture<KeyedPlatformFixture>
{
    public const string Name = "KeyedPlatform";
}
