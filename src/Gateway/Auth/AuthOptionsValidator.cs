using System.Net;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Auth;

/// <summary>
/// Checks <see cref="GatewayOptions.Auth"/> at startup: well-formed, unique keys, and at least one key whenever the
/// gateway listens on anything but a loopback address (an open gateway must not be reachable from the network).
/// </summary>
internal sealed class AuthOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var auth = options.Auth;
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < auth.Keys.Count; i++)
        {
            var key = auth.Keys[i];
            var prefix = $"Gateway:Auth:Keys:{i}";
            if (string.IsNullOrWhiteSpace(key.AccessKeyId) || key.AccessKeyId.Any(c => c is '/' or ',' or '=' || char.IsWhiteSpace(c)))
            {
                failures.Add($"{prefix}:AccessKeyId must be a non-empty id without '/', ',', '=' or spaces; got '{key.AccessKeyId}'.");
            }
            else if (!seen.Add(key.AccessKeyId))
            {
                failures.Add($"{prefix}:AccessKeyId '{key.AccessKeyId}' is listed twice.");
            }

            if (string.IsNullOrEmpty(key.SecretAccessKey))
            {
                failures.Add($"{prefix}:SecretAccessKey must not be empty (key '{key.AccessKeyId}').");
            }

            if ((key.Grants & (AccessGrants.Control | AccessGrants.Invoke)) == AccessGrants.None
                || (key.Grants & ~(AccessGrants.Control | AccessGrants.Invoke)) != AccessGrants.None)
            {
                failures.Add($"{prefix}:Grants must be 'Control', 'Invoke' or 'Control, Invoke' (key '{key.AccessKeyId}'); got '{key.Grants}'.");
            }
        }

        if (auth.MaxClockSkew <= TimeSpan.Zero || auth.MaxClockSkew > TimeSpan.FromHours(1))
        {
            failures.Add($"Gateway:Auth:MaxClockSkew must be more than 0 and at most 01:00:00; got {auth.MaxClockSkew}.");
        }

        if (auth.Keys.Count == 0 && IPAddress.TryParse(options.BindAddress, out var address) && !IPAddress.IsLoopback(address))
        {
            failures.Add(
                $"Gateway:Auth:Keys must list at least one access key when Gateway:BindAddress ('{options.BindAddress}') is not a loopback address: "
                + "without keys the gateway accepts any caller. Add keys (Gateway:Auth:Keys:0:AccessKeyId, ...:SecretAccessKey, ...:Grants) or bind to 127.0.0.1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
