using Microsoft.Extensions.Options;

namespace Faas.Scheduler.Functions;

/// <summary>Checks <see cref="FunctionRegistryOptions"/> at startup; each failure names the key and what it accepts.</summary>
internal sealed class FunctionRegistryOptionsValidator : IValidateOptions<FunctionRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, FunctionRegistryOptions options)
    {
        var failures = new List<string>();
        if (options.AccountConcurrencyLimit < 1)
        {
            failures.Add($"Scheduler:Functions:AccountConcurrencyLimit must be at least 1; got {options.AccountConcurrencyLimit}.");
        }

        if (options.MinimumUnreservedConcurrency < 0 || options.MinimumUnreservedConcurrency > options.AccountConcurrencyLimit)
        {
            failures.Add($"Scheduler:Functions:MinimumUnreservedConcurrency must be 0-{options.AccountConcurrencyLimit} (the account limit); got {options.MinimumUnreservedConcurrency}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
