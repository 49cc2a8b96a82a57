using Microsoft.Extensions.Options;

namespace Faas.Scheduler.Pools;

/// <summary>Checks <see cref="PoolOptions"/> at startup; each failure names the key and what it accepts.</summary>
internal sealed class PoolOptionsValidator : IValidateOptions<PoolOptions>
{
    public ValidateOptionsResult Validate(string? name, PoolOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(PoolOptions.KeepAlive), options.KeepAlive);
        Positive(failures, nameof(PoolOptions.LeaseIdleTimeout), options.LeaseIdleTimeout);
        Positive(failures, nameof(PoolOptions.LeaseRenewInterval), options.LeaseRenewInterval);
        Positive(failures, nameof(PoolOptions.MaintenanceInterval), options.MaintenanceInterval);
        Positive(failures, nameof(PoolOptions.CapacityPollInterval), options.CapacityPollInterval);
        Positive(failures, nameof(PoolOptions.WorkerCallTimeout), options.WorkerCallTimeout);
        Positive(failures, nameof(PoolOptions.StartTimeout), options.StartTimeout);
        Positive(failures, nameof(PoolOptions.ReclaimTimeout), options.ReclaimTimeout);
        if (options.HolderTimeout < options.LeaseRenewInterval * 2)
        {
            failures.Add($"{PoolOptions.SectionName}:HolderTimeout must be at least twice LeaseRenewInterval ({options.LeaseRenewInterval}); got {options.HolderTimeout}.");
        }

        if (options.LostAfterFailedPolls is < 1 or > 100)
        {
            failures.Add($"{PoolOptions.SectionName}:LostAfterFailedPolls must be 1-100; got {options.LostAfterFailedPolls}.");
        }

        if (options.PlacementAttempts is < 1 or > 100)
        {
            failures.Add($"{PoolOptions.SectionName}:PlacementAttempts must be 1-100; got {options.PlacementAttempts}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{PoolOptions.SectionName}:{key} must be a positive duration; got {value}.");
        }
    }
}
