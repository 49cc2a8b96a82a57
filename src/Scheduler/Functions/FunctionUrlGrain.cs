using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

/// <summary>A function URL's target, keyed by url id; function URL requests read it on every call, so it answers from memory.</summary>
internal sealed class FunctionUrlGrain(
    [PersistentState("url", SchedulerStorage.Functions)] IPersistentState<FunctionUrlState> state) : Grain, IFunctionUrlGrain, IFunctionUrlWriterGrain
{
    public Task<FunctionUrlTarget?> GetAsync() => Task.FromResult(state.State.Target);

    public async Task SetAsync(FunctionUrlTarget? target)
    {
        if (target is null)
        {
            if (state.RecordExists)
            {
                await state.ClearStateAsync();
            }

            return;
        }

        if (target == state.State.Target && state.RecordExists)
        {
            return;
        }

        state.State = new FunctionUrlState { Target = target };
        await state.WriteStateAsync();
    }
}

/// <summary>The stored target of a function URL.</summary>
[GenerateSerializer]
internal sealed class FunctionUrlState
{
    [Id(0)] public FunctionUrlTarget? Target { get; set; }
}
