using Faas.Gateway.Errors;

namespace Faas.Gateway.Auth;

/// <summary>Whether a request may proceed: the access key it was signed with (when signed), or the error to answer.</summary>
internal readonly record struct AuthOutcome(string? AccessKeyId, LambdaError? Error)
{
    public bool Allowed => Error is null;

    public static AuthOutcome Allow(string? accessKeyId) => new(accessKeyId, null);

    public static AuthOutcome Deny(LambdaError error, string? accessKeyId = null) => new(accessKeyId, error);
}
