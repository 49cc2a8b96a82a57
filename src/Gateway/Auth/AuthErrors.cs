using Faas.Gateway.Errors;

namespace Faas.Gateway.Auth;

/// <summary>The answers AWS gives to unauthenticated or unauthorized requests, with AWS's messages.</summary>
internal static class AuthErrors
{
    public const string InvalidSignatureMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static LambdaError MissingAuthenticationToken() => new(403, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static LambdaError IncompleteSignature(string message) => new(400, "IncompleteSignatureException", message);

    public static LambdaError UnrecognizedClient() => LambdaError.UnrecognizedClient("The security token included in the request is invalid.");

    public static LambdaError SignatureMismatch() => LambdaError.InvalidSignature(InvalidSignatureMessage);

    public static LambdaError InvalidSignature(string message) => LambdaError.InvalidSignature(message);

    public static LambdaError AccessDenied(string accessKeyId, AccessGrants missing) => LambdaError.AccessDenied(
        missing == AccessGrants.Invoke
            ? $"User: {accessKeyId} is not authorized to perform: lambda:InvokeFunction because its access key does not grant Invoke."
            : $"User: {accessKeyId} is not authorized to perform this control operation because its access key does not grant Control.");
}
