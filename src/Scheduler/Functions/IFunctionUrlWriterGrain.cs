using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

/// <summary>How a function grain sets what one of its URLs invokes (the same grain as <see cref="IFunctionUrlGrain"/>).</summary>
internal interface IFunctionUrlWriterGrain : IGrainWithStringKey
{
    /// <summary>Points the URL at a target, or removes it with null.</summary>
    Task SetAsync(FunctionUrlTarget? target);
}
