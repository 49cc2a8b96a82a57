using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.ControlApi;

/// <summary>The one place a registry refusal becomes Lambda's error type and status.</summary>
internal static class RegistryErrors
{
    public static LambdaError ToLambdaError(this RegistryError error) => error.Kind switch
    {
        RegistryErrorKind.InvalidParameter => LambdaError.InvalidParameterValue(error.Message),
        RegistryErrorKind.NotFound => LambdaError.ResourceNotFound(error.Message),
        RegistryErrorKind.Conflict => LambdaError.ResourceConflict(error.Message),
        RegistryErrorKind.PreconditionFailed => LambdaError.PreconditionFailed(error.Message),
        RegistryErrorKind.ProvisionedConcurrencyConfigNotFound => new LambdaError(404, "ProvisionedConcurrencyConfigNotFoundException", error.Message),
        _ => LambdaError.Service(error.Message),
    };
}
