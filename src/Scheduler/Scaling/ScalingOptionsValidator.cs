using Microsoft.Extensions.Options;

namespace Faas.Scheduler.Scaling;

/// <summary>Checks <see cref="ScalingOptions"/> at startup; each failure names the key and what it accepts.</summary>
internal sealed class ScalingOptionsValidator : IValidateOptions<ScalingOptions>
{
    public ValidateOptionsResult Validate(string? name, ScalingOptions options)
    {
        var failures = new List<string>();
        if (options.SampleInterval < TimeSpan.FromMilliseconds(50) || options.SampleInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{ScalingOptions.SectionName}:SampleInterval must be 50 ms to 1 minute; got {options.SampleInterval}.");
        }

        if (options.LagPerPoller < 1)
        {
            failures.Add($"{ScalingOptions.SectionName}:LagPerPoller must be at least 1; got {options.LagPerPoller}.");
        }

        if (options.ActivationLag < 0)
        {
            failures.Add($"{ScalingOptions.SectionName}:ActivationLag must be 0 or more; got {options.ActivationLag}.");
        }

        if (options.StabilizationWindow < TimeSpan.Zero)
        {
            failures.Add($"{ScalingOptions.SectionName}:StabilizationWindow must not be negative; got {options.StabilizationWindow}.");
        }

        if (options.IdleWindow < TimeSpan.Zero)
        {
            failures.Add($"{ScalingOptions.SectionName}:IdleWindow must not be negative; got {options.IdleWindow}.");
        }

        if (options.SampleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{ScalingOptions.SectionName}:SampleTimeout must be positive; got {options.SampleTimeout}.");
        }

        if (options.ActualReportLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{ScalingOptions.SectionName}:ActualReportLifetime must be positive; got {options.ActualReportLifetime}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
