namespace Faas.Gateway.FunctionUrls;

/// <summary>Function URL settings (section <c>Gateway:FunctionUrls</c>).</summary>
public sealed class FunctionUrlOptions
{
    /// <summary>
    /// Domain under which function URLs are also served by host name, <c>{url-id}.lambda-url.{region}.{Domain}</c>, as AWS
    /// serves <c>{url-id}.lambda-url.{region}.on.aws</c> (point a wildcard DNS record at the gateway); null serves only the
    /// path form <c>{gateway}/lambda-url/{url-id}/</c>.
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>How long the gateway reuses what a URL invokes (its target, auth type, CORS and payload format) before asking the registry again.</summary>
    public TimeSpan TargetCacheDuration { get; set; } = TimeSpan.FromSeconds(1);
}
