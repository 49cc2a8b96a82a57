using System.Collections.Generic;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>The response to an API Gateway HTTP API or Lambda function URL, payload format 2.0.</summary>
[DataContract]
public class APIGatewayHttpApiV2ProxyResponse
{
    /// <summary>The HTTP status code.</summary>
    [DataMember(Name = "statusCode")]
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; set; }

    /// <summary>Response headers; several values of one header are joined with commas.</summary>
    [DataMember(Name = "headers")]
    [JsonPropertyName("headers")]
    public IDictionary<string, string> Headers { get; set; }

    /// <summary>Cookies to set, each sent as its own <c>Set-Cookie</c> header.</summary>
    [DataMember(Name = "cookies")]
    [JsonPropertyName("cookies")]
    public string[] Cookies { get; set; }

    /// <summary>The response body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    [DataMember(Name = "body")]
    [JsonPropertyName("body")]
    public string Body { get; set; }

    /// <summary>Whether <see cref="Body"/> is base64-encoded binary content.</summary>
    [DataMember(Name = "isBase64Encoded")]
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }

    /// <summary>Sets a header to <paramref name="value"/>, or appends it after a comma when <paramref name="append"/> is true and the header exists.</summary>
    public void SetHeaderValues(string headerName, string value, bool append) => SetHeaderValues(headerName, [value], append);

    /// <summary>Sets a header to the comma-joined <paramref name="values"/>, or appends them when <paramref name="append"/> is true and the header exists.</summary>
    public void SetHeaderValues(string headerName, IEnumerable<string> values, bool append)
    {
        Headers ??= new Dictionary<string, string>();
        var joined = string.Join(",", values);
        Headers[headerName] = append && Headers.TryGetValue(headerName, out var existing) ? existing + "," + joined : joined;
    }
}
