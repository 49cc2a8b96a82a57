using System.Net;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Hosting;

/// <summary>Checks <see cref="GatewayOptions"/> at startup; each failure names the key and what it accepts.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"Gateway:BindAddress must be an IP address; got '{options.BindAddress}'.");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Gateway:Port must be 0-65535 (0 picks a free port); got {options.Port}.");
        }

        if (string.IsNullOrWhiteSpace(options.PackageDirectory))
        {
            failures.Add("Gateway:PackageDirectory must be a folder path.");
        }

        if (options.AccountId.Length != 12 || !options.AccountId.All(char.IsAsciiDigit))
        {
            failures.Add($"Gateway:AccountId must be 12 digits; got '{options.AccountId}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("Gateway:Region must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
