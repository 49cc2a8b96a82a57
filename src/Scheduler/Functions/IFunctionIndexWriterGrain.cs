using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

/// <summary>How function grains keep the <see cref="IFunctionIndexGrain"/> in step (the same grain, its writing side).</summary>
internal interface IFunctionIndexWriterGrain : IGrainWithStringKey
{
    /// <summary>Lists a function (before its state is first written, so a listed name may not exist yet; readers skip those).</summary>
    Task AddAsync(string name);

    /// <summary>Drops a function and its reservation.</summary>
    Task RemoveAsync(string name);

    /// <summary>Records the bytes of a function's zips (every version), for AccountUsage.</summary>
    Task SetCodeSizeAsync(string name, long codeSize);

    /// <summary>Sets (or with null releases) a function's reserved concurrency if the account keeps its unreserved floor.</summary>
    Task<RegistryError?> SetReservedConcurrencyAsync(string name, int? reservedConcurrency);
}
