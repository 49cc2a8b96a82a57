namespace Faas.Scheduler.Abstractions;

/// <summary>Why the registry refused a request; the gateway maps <see cref="Kind"/> to Lambda's error type once.</summary>
[GenerateSerializer, Immutable]
public sealed record RegistryError(
    [property: Id(0)] RegistryErrorKind Kind,
    [property: Id(1)] string Message);

/// <summary>The kinds of refusal, each one Lambda error type.</summary>
public enum RegistryErrorKind
{
    /// <summary>A value is out of range or malformed: <c>InvalidParameterValueException</c>.</summary>
    InvalidParameter,

    /// <summary>The function, version, alias or config does not exist: <c>ResourceNotFoundException</c>.</summary>
    NotFound,

    /// <summary>It already exists, or something depends on it: <c>ResourceConflictException</c>.</summary>
    Conflict,

    /// <summary>The caller's <c>RevisionId</c> is stale: <c>PreconditionFailedException</c>.</summary>
    PreconditionFailed,

    /// <summary>No provisioned concurrency config for the qualifier: <c>ProvisionedConcurrencyConfigNotFoundException</c>.</summary>
    ProvisionedConcurrencyConfigNotFound,
}
