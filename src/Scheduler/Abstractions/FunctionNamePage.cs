namespace Faas.Scheduler.Abstractions;

/// <summary>A page of function names in ordinal order.</summary>
[GenerateSerializer, Immutable]
public sealed record FunctionNamePage(
    [property: Id(0)] List<string> Names,
    [property: Id(1)] bool More);
