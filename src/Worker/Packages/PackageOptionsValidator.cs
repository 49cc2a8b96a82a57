using Microsoft.Extensions.Options;

namespace Faas.Worker.Packages;

/// <summary>Checks <c>Worker:Packages</c> at start; each message names the key and its allowed range.</summary>
internal sealed class PackageOptionsValidator : IValidateOptions<WorkerOptions>
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var packages = options.Packages;
        var failures = new List<string>();
        if (packages.UnusedRetention < TimeSpan.Zero && packages.UnusedRetention != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"Worker:Packages:UnusedRetention must be zero or more, or infinite; got {packages.UnusedRetention}.");
        }

        var interval = packages.SweepInterval;
        if (interval != TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan && (interval < MinInterval || interval > MaxInterval))
        {
            failures.Add($"Worker:Packages:SweepInterval must be 0 or infinite (off), or between {MinInterval} and {MaxInterval}; got {interval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Whether unused packages are ever removed.</summary>
    public static bool SweepEnabled(PackageOptions packages)
        => packages.SweepInterval != TimeSpan.Zero && packages.SweepInterval != Timeout.InfiniteTimeSpan
            && packages.UnusedRetention != Timeout.InfiniteTimeSpan;
}
