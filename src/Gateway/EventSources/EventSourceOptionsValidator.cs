using Microsoft.Extensions.Options;

namespace Faas.Gateway.EventSources;

/// <summary>Checks <c>Gateway:EventSources</c> at start; each message names the key and its allowed range.</summary>
internal sealed class EventSourceOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var sources = options.EventSources;
        var failures = new List<string>();
        Between(failures, "PlanInterval", sources.PlanInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Between(failures, "SessionTimeout", sources.SessionTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));
        Between(failures, "RetryDelay", sources.RetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Between(failures, "RetryMaxDelay", sources.RetryMaxDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Between(failures, "ThrottleRetryDelay", sources.ThrottleRetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        if (sources.MaxConcurrencyPerFunction is < 1 or > 10_000)
        {
            failures.Add($"Gateway:EventSources:MaxConcurrencyPerFunction must be between 1 and 10000; got {sources.MaxConcurrencyPerFunction}.");
        }

        if (sources.MaxPollersPerMapping is < 1 or > 100)
        {
            failures.Add($"Gateway:EventSources:MaxPollersPerMapping must be between 1 and 100; got {sources.MaxPollersPerMapping}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"Gateway:EventSources:{key} must be between {min} and {max}; got {value}.");
        }
    }
}
