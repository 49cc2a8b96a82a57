namespace Faas.Scheduler.Functions;

/// <summary>Account limits the function registry enforces (section <c>Scheduler:Functions</c>).</summary>
public sealed class FunctionRegistryOptions
{
    /// <summary>Concurrent executions the account may run; reserved concurrency is carved out of it, as in Lambda (default 1000).</summary>
    public int AccountConcurrencyLimit { get; set; } = 1000;

    /// <summary>Concurrency that must stay unreserved for functions without a reservation, as Lambda's floor of 100.</summary>
    public int MinimumUnreservedConcurrency { get; set; } = 100;
}
