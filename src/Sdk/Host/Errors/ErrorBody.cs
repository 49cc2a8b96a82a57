using System.Text.Json.Serialization;

namespace Faas.Host.Errors;

/// <summary>Lambda's error JSON (<c>application/vnd.aws.lambda.error+json</c>), with .NET's <c>cause</c> and <c>causes</c>.</summary>
internal sealed class ErrorBody
{
    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }

    [JsonPropertyName("errorType")]
    public string ErrorType { get; set; } = "";

    [JsonPropertyName("stackTrace")]
    public string[]? StackTrace { get; set; }

    [JsonPropertyName("cause")]
    public ErrorBody? Cause { get; set; }

    [JsonPropertyName("causes")]
    public ErrorBody[]? Causes { get; set; }
}
