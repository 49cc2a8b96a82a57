namespace Faas.Scheduler.Abstractions;

/// <summary>A registry answer: a value, or the error that kept the request from changing anything.</summary>
[GenerateSerializer, Immutable]
public sealed record RegistryResult<T>
{
    /// <summary>The answer when <see cref="Error"/> is null.</summary>
    [Id(0)] public T? Value { get; init; }

    /// <summary>Why the request was refused; nothing changed.</summary>
    [Id(1)] public RegistryError? Error { get; init; }

    public static RegistryResult<T> Ok(T value) => new() { Value = value };

    public static RegistryResult<T> Fail(RegistryError error) => new() { Error = error };

    public static implicit operator RegistryResult<T>(RegistryError error) => Fail(error);
}
