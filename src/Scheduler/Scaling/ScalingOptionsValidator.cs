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

        if (options.AsyncBacklogSample < 1 || options.AsyncBacklogSample > 10_000)
        {
            failures.Add($"{ScalingOptions.SectionName}:AsyncBacklogSample must be 1 to 10000; got {options.AsyncBacklogSample}.");
        }

        if (options.AsyncBacklogSampleTotal < options.AsyncBacklogSample || options.AsyncBacklogSampleTotal > 100_000)
        {
            failures.Add($"{ScalingOptions.SectionName}:AsyncBacklogSampleTotal must be AsyncBacklogSample ({options.AsyncBacklogSample}) to 100000; got {options.AsyncBacklogSampleTotal}.");
        }

        if (options.AsyncBacklogSampleTimeout < TimeSpan.FromMilliseconds(50) || options.AsyncBacklogSampleTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{ScalingOptions.SectionName}:AsyncBacklogSampleTimeout must be 50 ms to 1 minute; got {options.AsyncBacklogSampleTimeout}.");
        }

        if (options.AsyncMaxEnvironmentsPerFunction < 0)
        {
            failures.Add($"{ScalingOptions.SectionName}:AsyncMaxEnvironmentsPerFunction must be 0 or more; got {options.AsyncMaxEnvironmentsPerFunction}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
