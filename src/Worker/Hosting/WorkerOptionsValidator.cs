using Microsoft.Extensions.Options;

namespace Faas.Worker.Hosting;

/// <summary>Rejects worker settings that cannot work, naming the key and the allowed range.</summary>
internal sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        var env = options.Environments;
        if (env.MaxEnvironments is < 1 or > 4096)
        {
            failures.Add($"Worker:Environments:MaxEnvironments must be between 1 and 4096 (was {env.MaxEnvironments}).");
        }

        if (env.StemCells < 0 || env.StemCells >= env.MaxEnvironments)
        {
            failures.Add($"Worker:Environments:StemCells must be between 0 and MaxEnvironments - 1 (was {env.StemCells}).");
        }

        if (env.InitTimeout <= TimeSpan.Zero)
        {
            failures.Add("Worker:Environments:InitTimeout must be positive.");
        }

        if (env.MemoryPollInterval < TimeSpan.FromMilliseconds(5))
        {
            failures.Add("Worker:Environments:MemoryPollInterval must be at least 5 ms.");
        }

        if (options.InvokePort is < 0 or > 65535 || options.ControlPort is < 0 or > 65535)
        {
            failures.Add("Worker:InvokePort and Worker:ControlPort must be between 0 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Worker:DataDirectory must name a folder.");
        }

        if (options.AccountId.Length != 12 || !options.AccountId.All(char.IsAsciiDigit))
        {
            failures.Add($"Worker:AccountId must be 12 digits (was '{options.AccountId}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
