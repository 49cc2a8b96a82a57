using Microsoft.Extensions.Options;

namespace Faas.Gateway.ControlApi;

/// <summary>Checks the package sweep settings at start; each message names the key and its allowed range.</summary>
internal sealed class PackageSweepOptionsValidator : IValidateOptions<GatewayOptions>
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromDays(7);
    private static readonly TimeSpan MinGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxGrace = TimeSpan.FromDays(365);

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        var interval = options.PackageSweepInterval;
        if (interval != TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan && (interval < MinInterval || interval > MaxInterval))
        {
            failures.Add($"Gateway:PackageSweepInterval must be 0 or infinite (off), or between {MinInterval} and {MaxInterval}; got {interval}.");
        }

        if (options.PackageGracePeriod < MinGrace || options.PackageGracePeriod > MaxGrace)
        {
            failures.Add($"Gateway:PackageGracePeriod must be between {MinGrace} and {MaxGrace}; got {options.PackageGracePeriod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Whether the settings ask for a periodic sweep at all.</summary>
    public static bool SweepEnabled(GatewayOptions options)
        => options.PackageSweepInterval != TimeSpan.Zero && options.PackageSweepInterval != Timeout.InfiniteTimeSpan;
}
