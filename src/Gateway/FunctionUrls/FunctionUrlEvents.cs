using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Faas.Gateway.FunctionUrls;

/// <summary>
/// Writes the event a function URL request becomes: API Gateway's HTTP API payload format 2.0, as Lambda function URLs
/// send it, or the REST proxy payload format 1.0 for functions that ask for it. Member order and null members follow the
/// events Lambda documents, so handlers see exactly the JSON they would on AWS.
/// </summary>
internal static class FunctionUrlEvents
{
    /// <summary>The <c>requestContext.time</c> format, e.g. <c>12/Mar/2020:19:03:58 +0000</c>.</summary>
    public const string TimeFormat = "dd/MMM/yyyy:HH:mm:ss +0000";

    private const string Default = "$default";

    /// <summary>Keeps non-ASCII text and HTML-sensitive characters as they are, the way Lambda's events are written.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Writes the payload format 2.0 event.</summary>
    public static void WriteV2(Utf8JsonWriter json, FunctionUrlEventInput input)
    {
        json.WriteStartObject();
        json.WriteString("version", "2.0");
        json.WriteString("routeKey", Default);
        json.WriteString("rawPath", input.RawPath);
        json.WriteString("rawQueryString", input.RawQuery);

        // The Cookie header is moved to "cookies", one entry per cookie; the member is left out when there are none.
        var wroteCookies = false;
        foreach (var cookie in Cookies(input.Headers))
        {
            if (!wroteCookies)
            {
                json.WriteStartArray("cookies");
                wroteCookies = true;
            }

            json.WriteStringValue(cookie);
        }

        if (wroteCookies)
        {
            json.WriteEndArray();
        }

        json.WriteStartObject("headers");
        foreach (var (name, values) in input.Headers)
        {
            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || IsForwardedHeader(name))
            {
                continue;
            }

            json.WriteString(name.ToLowerInvariant(), Join(values));
        }

        WriteForwardedHeaders(json, input, lowerCase: true);
        json.WriteEndObject();

        var query = ParseQuery(input.RawQuery);
        if (query.Count > 0)
        {
            json.WriteStartObject("queryStringParameters");
            foreach (var (name, values) in query)
            {
                json.WriteString(name, string.Join(',', values));
            }

            json.WriteEndObject();
        }

        json.WriteStartObject("requestContext");
        json.WriteString("accountId", input.AccountId);
        json.WriteString("apiId", input.UrlId);
        json.WriteNull("authentication");
        if (input.CallerAccessKeyId is { } accessKey)
        {
            json.WriteStartObject("authorizer");
            json.WriteStartObject("iam");
            json.WriteString("accessKey", accessKey);
            json.WriteString("accountId", input.AccountId);
            json.WriteString("callerId", accessKey);
            json.WriteNull("cognitoIdentity");
            json.WriteNull("principalOrgId");
            json.WriteString("userArn", UserArn(input));
            json.WriteString("userId", accessKey);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("authorizer");
        }

        json.WriteString("domainName", input.DomainName);
        json.WriteString("domainPrefix", input.DomainPrefix);
        json.WriteStartObject("http");
        json.WriteString("method", input.Method);
        json.WriteString("path", input.RawPath);
        json.WriteString("protocol", input.Protocol);
        json.WriteString("sourceIp", input.SourceIpText);
        json.WriteString("userAgent", input.Headers.UserAgent.ToString());
        json.WriteEndObject();
        json.WriteString("requestId", input.RequestId);
        json.WriteString("routeKey", Default);
        json.WriteString("stage", Default);
        json.WriteString("time", input.Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        json.WriteNumber("timeEpoch", input.Time.ToUnixTimeMilliseconds());
        json.WriteEndObject();

        var base64 = false;
        if (!input.Body.IsEmpty)
        {
            base64 = WriteBody(json, input);
        }

        json.WriteNull("pathParameters");
        json.WriteBoolean("isBase64Encoded", base64);
        json.WriteNull("stageVariables");
        json.WriteEndObject();
    }

    /// <summary>Writes the payload format 1.0 (REST proxy) event.</summary>
    public static void WriteV1(Utf8JsonWriter json, FunctionUrlEventInput input)
    {
        json.WriteStartObject();
        json.WriteString("version", "1.0");
        json.WriteString("resource", input.RawPath);
        json.WriteString("path", input.RawPath);
        json.WriteString("httpMethod", input.Method);

        // "headers" keeps one value per name (the last one, as API Gateway does); "multiValueHeaders" keeps them all.
        json.WriteStartObject("headers");
        foreach (var (name, values) in input.Headers)
        {
            if (!IsForwardedHeader(name) && values.Count > 0)
            {
                json.WriteString(name, values[^1]);
            }
        }

        WriteForwardedHeaders(json, input, lowerCase: false);
        json.WriteEndObject();
        json.WriteStartObject("multiValueHeaders");
        foreach (var (name, values) in input.Headers)
        {
            if (IsForwardedHeader(name))
            {
                continue;
            }

            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        WriteForwardedHeaders(json, input, lowerCase: false, asArrays: true);
        json.WriteEndObject();

        var query = ParseQuery(input.RawQuery);
        if (query.Count > 0)
        {
            json.WriteStartObject("queryStringParameters");
            foreach (var (name, values) in query)
            {
                json.WriteString(name, values[^1]);
            }

            json.WriteEndObject();
            json.WriteStartObject("multiValueQueryStringParameters");
            foreach (var (name, values) in query)
            {
                json.WriteStartArray(name);
                foreach (var value in values)
                {
                    json.WriteStringValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("queryStringParameters");
            json.WriteNull("multiValueQueryStringParameters");
        }

        json.WriteStartObject("requestContext");
        json.WriteString("accountId", input.AccountId);
        json.WriteString("apiId", input.UrlId);
        json.WriteString("domainName", input.DomainName);
        json.WriteString("domainPrefix", input.DomainPrefix);
        json.WriteString("extendedRequestId", input.RequestId);
        json.WriteString("httpMethod", input.Method);
        json.WriteStartObject("identity");
        WriteStringOrNull(json, "accessKey", input.CallerAccessKeyId);
        WriteStringOrNull(json, "accountId", input.CallerAccessKeyId is null ? null : input.AccountId);
        WriteStringOrNull(json, "caller", input.CallerAccessKeyId);
        json.WriteNull("cognitoAuthenticationProvider");
        json.WriteNull("cognitoAuthenticationType");
        json.WriteNull("cognitoIdentityId");
        json.WriteNull("cognitoIdentityPoolId");
        json.WriteNull("principalOrgId");
        json.WriteString("sourceIp", input.SourceIpText);
        WriteStringOrNull(json, "user", input.CallerAccessKeyId);
        json.WriteString("userAgent", input.Headers.UserAgent.ToString());
        WriteStringOrNull(json, "userArn", input.CallerAccessKeyId is null ? null : UserArn(input));
        json.WriteEndObject();
        json.WriteString("path", input.RawPath);
        json.WriteString("protocol", input.Protocol);
        json.WriteString("requestId", input.RequestId);
        json.WriteString("requestTime", input.Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        json.WriteNumber("requestTimeEpoch", input.Time.ToUnixTimeMilliseconds());
        json.WriteNull("resourceId");
        json.WriteString("resourcePath", input.RawPath);
        json.WriteString("stage", Default);
        json.WriteEndObject();

        json.WriteNull("pathParameters");
        json.WriteNull("stageVariables");
        var base64 = false;
        if (input.Body.IsEmpty)
        {
            json.WriteNull("body");
        }
        else
        {
            base64 = WriteBody(json, input);
        }

        json.WriteBoolean("isBase64Encoded", base64);
        json.WriteEndObject();
    }

    /// <summary>
    /// Whether a body of this content type is passed as text. Text types are; everything else, including a body without
    /// a content type and form posts (as API Gateway does), is base64-encoded.
    /// </summary>
    public static bool IsTextContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/ecmascript", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/graphql", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/x-yaml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/yaml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The query string's parameters, decoded, in first-seen order, each with all its values.</summary>
    public static List<KeyValuePair<string, List<string>>> ParseQuery(string rawQuery)
    {
        var result = new List<KeyValuePair<string, List<string>>>();
        if (rawQuery.Length == 0)
        {
            return result;
        }

        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var pair = rawQuery.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (name.Length == 0)
            {
                continue;
            }

            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            var index = result.FindIndex(p => p.Key == name);
            if (index < 0)
            {
                result.Add(new(name, [value]));
            }
            else
            {
                result[index].Value.Add(value);
            }
        }

        return result;
    }

    /// <summary>The cookies of the request's <c>Cookie</c> header(s), one <c>name=value</c> per entry.</summary>
    public static IEnumerable<string> Cookies(IHeaderDictionary headers)
    {
        foreach (var header in headers.Cookie)
        {
            foreach (var cookie in (header ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                yield return cookie;
            }
        }
    }

    // Text bodies go as a JSON string when they are valid UTF-8; anything else as base64.
    private static bool WriteBody(Utf8JsonWriter json, FunctionUrlEventInput input)
    {
        var body = input.Body.Span;
        if (IsTextContentType(input.Headers.ContentType.ToString()) && Utf8.IsValid(body))
        {
            json.WriteString("body", body);
            return false;
        }

        json.WriteBase64String("body", body);
        return true;
    }

    private static string UserArn(FunctionUrlEventInput input) => $"arn:aws:iam::{input.AccountId}:user/{input.CallerAccessKeyId}";

    private static bool IsForwardedHeader(string name) =>
        name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Forwarded-Port", StringComparison.OrdinalIgnoreCase);

    // Like AWS's front end: the peer is appended to X-Forwarded-For, and the scheme and port the request came in on are
    // given unless a proxy in front already said so.
    private static void WriteForwardedHeaders(Utf8JsonWriter json, FunctionUrlEventInput input, bool lowerCase, bool asArrays = false)
    {
        var headers = input.Headers;
        var forwardedFor = headers["X-Forwarded-For"];
        var forValue = forwardedFor.Count == 0 ? input.SourceIpText : $"{Join(forwardedFor)}, {input.SourceIpText}";
        var proto = headers["X-Forwarded-Proto"] is { Count: > 0 } p ? Join(p) : input.Scheme;
        var port = headers["X-Forwarded-Port"] is { Count: > 0 } o ? Join(o) : input.LocalPort.ToString(CultureInfo.InvariantCulture);
        Write(json, lowerCase ? "x-forwarded-for" : "X-Forwarded-For", forValue, asArrays);
        Write(json, lowerCase ? "x-forwarded-proto" : "X-Forwarded-Proto", proto, asArrays);
        Write(json, lowerCase ? "x-forwarded-port" : "X-Forwarded-Port", port, asArrays);

        static void Write(Utf8JsonWriter json, string name, string value, bool asArray)
        {
            if (asArray)
            {
                json.WriteStartArray(name);
                json.WriteStringValue(value);
                json.WriteEndArray();
            }
            else
            {
                json.WriteString(name, value);
            }
        }
    }

    private static string Join(StringValues values) => values.Count == 1 ? values[0] ?? "" : string.Join(',', values.ToArray());

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
