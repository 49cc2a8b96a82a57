using Microsoft.Extensions.Options;

namespace Faas.Scheduler;

/// <summary>Checks <see cref="SchedulerOptions"/> at startup; each failure names the key and what it accepts.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var failures = new List<string>();
        if (options.SiloPort is < 0 or > 65535)
        {
            failures.Add($"Scheduler:SiloPort must be 0-65535 (0 picks a free port); got {options.SiloPort}.");
        }

        if (options.GatewayPort is < 0 or > 65535)
        {
            failures.Add($"Scheduler:GatewayPort must be 0-65535 (0 picks a free port); got {options.GatewayPort}.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Scheduler:DataDirectory must be a folder path.");
        }

        foreach (var worker in options.Workers)
        {
            if (!Uri.TryCreate(worker, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"Scheduler:Workers entries must be http(s) URLs of worker control endpoints; got '{worker}'.");
            }
        }

        if (options.AccountId.Length != 12 || !options.AccountId.All(char.IsAsciiDigit))
        {
            failures.Add($"Scheduler:AccountId must be 12 digits; got '{options.AccountId}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
