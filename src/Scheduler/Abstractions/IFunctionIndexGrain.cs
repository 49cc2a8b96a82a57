namespace Faas.Scheduler.Abstractions;

/// <summary>
/// The account's list of functions (a single grain, key <see cref="Key"/>), kept in step by the function grains: what
/// ListFunctions pages through and GetAccountSettings sums.
/// </summary>
public interface IFunctionIndexGrain : IGrainWithStringKey
{
    /// <summary>The key of the one index grain.</summary>
    public const string Key = "account";

    /// <summary>Up to <paramref name="max"/> names at or after <paramref name="from"/> (ordinal), and whether more follow.</summary>
    Task<FunctionNamePage> ListAsync(string? from, int max);

    /// <summary>The account's limits and usage.</summary>
    Task<AccountSummary> GetAccountSummaryAsync();
}
