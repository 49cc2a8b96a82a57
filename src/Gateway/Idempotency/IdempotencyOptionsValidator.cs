using Microsoft.Extensions.Options;

namespace Faas.Gateway.Idempotency;

/// <summary>Checks <see cref="IdempotencyOptions"/> at startup; each failure names the key and what it accepts.</summary>
internal sealed class IdempotencyOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var idempotency = options.Idempotency;
        var failures = new List<string>();
        if (idempotency.InProgressMargin < TimeSpan.Zero || idempotency.InProgressMargin > TimeSpan.FromMinutes(15))
        {
            failures.Add($"Gateway:Idempotency:InProgressMargin must be between 00:00:00 and 00:15:00; got {idempotency.InProgressMargin}.");
        }

        if (idempotency.OperationTimeout < TimeSpan.FromMilliseconds(100) || idempotency.OperationTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Gateway:Idempotency:OperationTimeout must be between 00:00:00.100 and 00:01:00; got {idempotency.OperationTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
