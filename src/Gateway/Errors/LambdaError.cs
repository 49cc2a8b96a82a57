using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Errors;

/// <summary>
/// An error answer of Lambda's APIs: status, <c>x-amzn-ErrorType</c> and a JSON body with <c>Type</c> and the message
/// member in the case each shape uses (<c>message</c> or <c>Message</c>; botocore reads both, the CLI prints it).
/// </summary>
public sealed record LambdaError(int StatusCode, string ErrorType, string Message, bool CapitalMessage = false, string Type = "User")
{
    /// <summary>For throttles: the <c>Reason</c> member (and a <c>Retry-After</c> header).</summary>
    public string? Reason { get; init; }

    public static LambdaError ResourceNotFound(string message) => new(404, "ResourceNotFoundException", message, CapitalMessage: true);

    public static LambdaError InvalidParameterValue(string message) => new(400, "InvalidParameterValueException", message);

    public static LambdaError InvalidRequestContent(string message) => new(400, "InvalidRequestContentException", message);

    public static LambdaError ResourceConflict(string message) => new(409, "ResourceConflictException", message);

    public static LambdaError ResourceInUse(string message) => new(400, "ResourceInUseException", message, CapitalMessage: true);

    public static LambdaError PreconditionFailed(string message) => new(412, "PreconditionFailedException", message);

    public static LambdaError RequestTooLarge(string message) => new(413, "RequestTooLargeException", message);

    public static LambdaError UnsupportedMediaType(string message) => new(415, "UnsupportedMediaTypeException", message);

    public static LambdaError TooManyRequests(string message, string reason) => new(429, "TooManyRequestsException", message) { Reason = reason };

    public static LambdaError InvalidZipFile(string message) => new(400, "InvalidZipFileException", message, CapitalMessage: true);

    public static LambdaError Service(string message) => new(500, "ServiceException", message, CapitalMessage: true, Type: "Service");

    public static LambdaError ResourceNotReady(string message) => new(502, "ResourceNotReadyException", message, Type: "Service");

    public static LambdaError AccessDenied(string message) => new(403, "AccessDeniedException", message, CapitalMessage: true);

    public static LambdaError InvalidSignature(string message) => new(403, "InvalidSignatureException", message, CapitalMessage: true);

    public static LambdaError UnrecognizedClient(string message) => new(403, "UnrecognizedClientException", message, CapitalMessage: true);

    /// <summary>Writes this error as the response (the request id header is set by the gateway for every response).</summary>
    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCode;
        response.Headers["x-amzn-ErrorType"] = ErrorType;
        response.ContentType = "application/json";
        if (Reason is not null)
        {
            response.Headers.RetryAfter = "1";
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Type", Type);
            json.WriteString(CapitalMessage ? "Message" : "message", Message);
            if (Reason is not null)
            {
                json.WriteString("Reason", Reason);
            }

            json.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        return response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).AsTask();
    }
}
