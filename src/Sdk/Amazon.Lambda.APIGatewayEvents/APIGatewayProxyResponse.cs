using System.Collections.Generic;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>The response to an API Gateway REST API Lambda proxy integration, payload format 1.0.</summary>
[DataContract]
public class APIGatewayProxyResponse
{
    /// <summary>The HTTP status code.</summary>
    [DataMember(Name = "statusCode")]
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; set; }

    /// <summary>Response headers with one value each; API Gateway merges them with <see cref="MultiValueHeaders"/>.</summary>
    [DataMember(Name = "headers")]
    [JsonPropertyName("headers")]
    public IDictionary<string, string> Headers { get; set; }

    /// <summary>Response headers with several values each; API Gateway merges them with <see cref="Headers"/>.</summary>
    [DataMember(Name = "multiValueHeaders")]
    [JsonPropertyName("multiValueHeaders")]
    public IDictionary<string, IList<string>> MultiValueHeaders { get; set; }

    /// <summary>The response body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    [DataMember(Name = "body")]
    [JsonPropertyName("body")]
    public string Body { get; set; }

    /// <summary>Whether <see cref="Body"/> is base64-encoded binary content.</summary>
    [DataMember(Name = "isBase64Encoded")]
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }
}
