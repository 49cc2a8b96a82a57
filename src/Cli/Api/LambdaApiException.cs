namespace Faas.Cli.Api;

/// <summary>An error answer of the Lambda API: its HTTP status, <c>x-amzn-ErrorType</c> and message.</summary>
internal sealed class LambdaApiException(int statusCode, string errorType, string message) : Exception(message)
{
    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Lambda's error shape name, e.g. <c>ResourceNotFoundException</c>.</summary>
    public string ErrorType { get; } = errorType;

    /// <summary>Whether the function, version or alias named in the request does not exist.</summary>
    public bool IsNotFound => ErrorType == "ResourceNotFoundException";
}
