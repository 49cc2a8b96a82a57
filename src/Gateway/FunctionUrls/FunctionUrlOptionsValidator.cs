using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.FunctionUrls;

/// <summary>Checks <see cref="GatewayOptions.FunctionUrls"/> at startup.</summary>
internal sealed partial class FunctionUrlOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var urls = options.FunctionUrls;
        var failures = new List<string>();
        if (urls.Domain is { } domain && !DomainPattern().IsMatch(domain))
        {
            failures.Add($"Gateway:FunctionUrls:Domain must be a DNS name such as 'faas.example.com' (no scheme, port or path); got '{domain}'.");
        }

        if (urls.TargetCacheDuration < TimeSpan.Zero || urls.TargetCacheDuration > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Gateway:FunctionUrls:TargetCacheDuration must be from 00:00:00 to 00:01:00; got {urls.TargetCacheDuration}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^(?=.{1,200}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex DomainPattern();
}
