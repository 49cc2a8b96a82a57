using System.Globalization;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.FunctionUrls;

/// <summary>
/// A function URL's CORS configuration applied as Lambda applies it: the URL answers preflight requests itself, without
/// invoking the function, and on every other answer its Access-Control-* headers replace any the function set.
/// </summary>
internal static class FunctionUrlCorsPolicy
{
    private const string AccessControlPrefix = "Access-Control-";

    /// <summary>Whether the request is a CORS preflight (an OPTIONS request with <c>Origin</c> and <c>Access-Control-Request-Method</c>).</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.Origin.Count > 0 && request.Headers.AccessControlRequestMethod.Count > 0;

    /// <summary>
    /// The headers answering a preflight: the allowed origin, methods, headers, max age and credentials when the origin
    /// and the requested method are allowed; none otherwise, which the browser reads as a refusal.
    /// </summary>
    public static List<KeyValuePair<string, string>> Preflight(FunctionUrlCors cors, string origin, string requestedMethod, string requestedHeaders)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var allowedOrigin = AllowedOrigin(cors, origin);
        if (allowedOrigin is null || cors.AllowMethods is not { Count: > 0 } methods || !Allows(methods, requestedMethod))
        {
            headers.Add(new("Vary", "Origin"));
            return headers;
        }

        headers.Add(new("Access-Control-Allow-Origin", allowedOrigin));
        headers.Add(new("Access-Control-Allow-Methods", Contains(methods, "*") ? requestedMethod : string.Join(", ", methods)));
        var allowHeaders = cors.AllowHeaders is null or { Count: 0 } ? null
            : Contains(cors.AllowHeaders, "*") ? requestedHeaders
            : string.Join(", ", cors.AllowHeaders);
        if (!string.IsNullOrEmpty(allowHeaders))
        {
            headers.Add(new("Access-Control-Allow-Headers", allowHeaders));
        }

        if (cors.MaxAge is { } maxAge)
        {
            headers.Add(new("Access-Control-Max-Age", maxAge.ToString(CultureInfo.InvariantCulture)));
        }

        if (cors.AllowCredentials == true)
        {
            headers.Add(new("Access-Control-Allow-Credentials", "true"));
        }

        headers.Add(new("Vary", "Origin"));
        return headers;
    }

    /// <summary>Replaces the function's Access-Control-* headers with the URL's for a request from <paramref name="origin"/> (null when none was sent).</summary>
    public static void ApplyToResponse(List<KeyValuePair<string, string>> headers, FunctionUrlCors cors, string? origin)
    {
        headers.RemoveAll(static h => h.Key.StartsWith(AccessControlPrefix, StringComparison.OrdinalIgnoreCase));
        if (origin is null || AllowedOrigin(cors, origin) is not { } allowedOrigin)
        {
            return;
        }

        headers.Add(new("Access-Control-Allow-Origin", allowedOrigin));
        if (cors.AllowCredentials == true)
        {
            headers.Add(new("Access-Control-Allow-Credentials", "true"));
        }

        if (cors.ExposeHeaders is { Count: > 0 } expose)
        {
            headers.Add(new("Access-Control-Expose-Headers", string.Join(", ", expose)));
        }

        if (!headers.Exists(static h => h.Key.Equals("Vary", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Vary", "Origin"));
        }
    }

    // "*" allows any origin; with credentials a browser refuses "*", so the origin itself is echoed.
    private static string? AllowedOrigin(FunctionUrlCors cors, string origin)
    {
        if (cors.AllowOrigins is not { Count: > 0 } origins)
        {
            return null;
        }

        if (Contains(origins, "*"))
        {
            return cors.AllowCredentials == true ? origin : "*";
        }

        return Contains(origins, origin.TrimEnd('/')) ? origin : null;
    }

    private static bool Allows(List<string> methods, string method) => Contains(methods, "*") || Contains(methods, method);

    private static bool Contains(List<string> values, string value) =>
        values.Exists(v => v.Trim().TrimEnd('/').Equals(value, StringComparison.OrdinalIgnoreCase));
}
