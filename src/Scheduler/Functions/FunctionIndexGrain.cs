using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

/// <summary>
/// The account's function list with each function's reservation and code size. One grain serialises every change of
/// reserved concurrency, which is what lets it keep the account's unreserved floor exactly.
/// </summary>
internal sealed class FunctionIndexGrain(
    [PersistentState("index", SchedulerStorage.Functions)] IPersistentState<FunctionIndexState> state,
    SchedulerOptions options) : Grain, IFunctionIndexGrain, IFunctionIndexWriterGrain
{
    private List<string>? _sorted;

    public Task<FunctionNamePage> ListAsync(string? from, int max)
    {
        var sorted = Sorted();
        var start = from is null ? 0 : sorted.BinarySearch(from, StringComparer.Ordinal);
        if (start < 0)
        {
            start = ~start;
        }

        var count = Math.Clamp(max, 0, sorted.Count - start);
        return Task.FromResult(new FunctionNamePage(sorted.GetRange(start, count), start + count < sorted.Count));
    }

    public Task<AccountSummary> GetAccountSummaryAsync()
    {
        var functions = state.State.Functions;
        var reserved = functions.Values.Sum(entry => entry.ReservedConcurrency ?? 0);
        var limit = options.Functions.AccountConcurrencyLimit;
        return Task.FromResult(new AccountSummary
        {
            ConcurrentExecutions = limit,
            UnreservedConcurrentExecutions = Math.Max(0, limit - reserved),
            FunctionCount = functions.Count,
            TotalCodeSize = functions.Values.Sum(entry => entry.CodeSize),
        });
    }

    public async Task AddAsync(string name)
    {
        if (state.State.Functions.ContainsKey(name))
        {
            return;
        }

        state.State.Functions[name] = new FunctionIndexEntry();
        _sorted = null;
        await WriteOrReloadAsync();
    }

    public async Task RemoveAsync(string name)
    {
        if (state.State.Functions.Remove(name))
        {
            _sorted = null;
            await WriteOrReloadAsync();
        }
    }

    public async Task SetCodeSizeAsync(string name, long codeSize)
    {
        var functions = state.State.Functions;
        var entry = functions.GetValueOrDefault(name) ?? new FunctionIndexEntry();
        if (entry.CodeSize == codeSize && functions.ContainsKey(name))
        {
            return;
        }

        functions[name] = entry with { CodeSize = codeSize };
        _sorted = null;
        await WriteOrReloadAsync();
    }

    public async Task<RegistryError?> SetReservedConcurrencyAsync(string name, int? reservedConcurrency)
    {
        var functions = state.State.Functions;
        if (reservedConcurrency is { } wanted)
        {
            var others = functions.Where(pair => pair.Key != name).Sum(pair => pair.Value.ReservedConcurrency ?? 0);
            var floor = options.Functions.MinimumUnreservedConcurrency;
            if (options.Functions.AccountConcurrencyLimit - others - wanted < floor)
            {
                return new RegistryError(
                    RegistryErrorKind.InvalidParameter,
                    $"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{floor}].");
            }
        }

        var entry = functions.GetValueOrDefault(name) ?? new FunctionIndexEntry();
        functions[name] = entry with { ReservedConcurrency = reservedConcurrency };
        _sorted = null;
        await WriteOrReloadAsync();
        return null;
    }

    private List<string> Sorted() => _sorted ??= [.. state.State.Functions.Keys.Order(StringComparer.Ordinal)];

    // A failed write must not leave memory ahead of storage: reload what is stored, then report the failure.
    private async Task WriteOrReloadAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _sorted = null;
            await state.ReadStateAsync();
            throw;
        }
    }
}

/// <summary>The stored index: every function's entry by name.</summary>
[GenerateSerializer]
internal sealed class FunctionIndexState
{
    [Id(0)] public Dictionary<string, FunctionIndexEntry> Functions { get; set; } = [];
}

/// <summary>What the index keeps per function.</summary>
[GenerateSerializer, Immutable]
internal sealed record FunctionIndexEntry
{
    [Id(0)] public int? ReservedConcurrency { get; init; }

    [Id(1)] public long CodeSize { get; init; }
}
