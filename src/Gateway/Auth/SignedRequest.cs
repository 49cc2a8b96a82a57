using System.Globalization;
using Faas.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Auth;

/// <summary>
/// The SigV4 parts of one request, from its <c>Authorization</c> header or, for a presigned URL, from its
/// <c>X-Amz-*</c> query parameters: who signed, for which scope and time, over which headers.
/// </summary>
internal sealed record SignedRequest
{
    public const string TimestampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The access key id of the <c>Credential</c>.</summary>
    public required string AccessKeyId { get; init; }

    /// <summary>The scope's date, <c>yyyyMMdd</c>.</summary>
    public required string ScopeDate { get; init; }

    public required string Region { get; init; }

    public required string Service { get; init; }

    public required string ScopeTerminator { get; init; }

    /// <summary>The signing time as written in the string to sign, <c>yyyyMMddTHHmmssZ</c>.</summary>
    public required string Timestamp { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>The lower-case names of the signed headers, in the order given.</summary>
    public required string[] SignedHeaders { get; init; }

    /// <summary>The <c>SignedHeaders</c> text as received (it is part of the canonical request).</summary>
    public required string SignedHeadersText { get; init; }

    public required string Signature { get; init; }

    /// <summary>For a presigned URL, how long after <see cref="Time"/> it stays valid; null for header authentication.</summary>
    public TimeSpan? Expires { get; init; }

    /// <summary>The credential scope, <c>date/region/service/aws4_request</c>.</summary>
    public string Scope => $"{ScopeDate}/{Region}/{Service}/{ScopeTerminator}";

    /// <summary>
    /// Reads the signature parts of a request. Returns null with no error when the request carries no authentication at
    /// all, and an <c>IncompleteSignatureException</c> when it carries a malformed one.
    /// </summary>
    public static SignedRequest? Parse(HttpRequest request, out LambdaError? error)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            return ParseHeader(request, authorization.ToString(), out error);
        }

        if (request.Query.ContainsKey("X-Amz-Signature") || request.Query.ContainsKey("X-Amz-Algorithm") || request.Query.ContainsKey("X-Amz-Credential"))
        {
            return ParseQuery(request, out error);
        }

        error = null;
        return null;
    }

    private static SignedRequest? ParseHeader(HttpRequest request, string header, out LambdaError? error)
    {
        error = null;
        var text = header.AsSpan().Trim();
        if (!text.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            error = AuthErrors.IncompleteSignature(
                $"Authorization header requires '{SigV4.Algorithm}' as its algorithm followed by 'Credential', 'SignedHeaders' and 'Signature' parameters.");
            return null;
        }

        string? credential = null, signedHeaders = null, signature = null;
        var parameters = text[SigV4.Algorithm.Length..];
        foreach (var range in parameters.Split(','))
        {
            var part = parameters[range].Trim();
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim().ToString();
            if (name.SequenceEqual("Credential"))
            {
                credential = value;
            }
            else if (name.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = value;
            }
            else if (name.SequenceEqual("Signature"))
            {
                signature = value;
            }
        }

        var missing = string.Concat(
            credential is null ? "Authorization header requires 'Credential' parameter. " : "",
            signature is null ? "Authorization header requires 'Signature' parameter. " : "",
            signedHeaders is null ? "Authorization header requires 'SignedHeaders' parameter. " : "");
        if (missing.Length > 0)
        {
            error = AuthErrors.IncompleteSignature(missing.TrimEnd());
            return null;
        }

        if (!TryReadTimestamp(request, out var timestamp, out var time, out error))
        {
            return null;
        }

        return Build(credential!, signedHeaders!, signature!, timestamp, time, expires: null, out error);
    }

    private static SignedRequest? ParseQuery(HttpRequest request, out LambdaError? error)
    {
        error = null;
        var query = request.Query;
        var algorithm = query["X-Amz-Algorithm"].ToString();
        var credential = query["X-Amz-Credential"].ToString();
        var timestamp = query["X-Amz-Date"].ToString();
        var expiresText = query["X-Amz-Expires"].ToString();
        var signedHeaders = query["X-Amz-SignedHeaders"].ToString();
        var signature = query["X-Amz-Signature"].ToString();
        var missing = string.Concat(
            algorithm.Length == 0 ? "AWS query-string parameters must include 'X-Amz-Algorithm'. " : "",
            credential.Length == 0 ? "AWS query-string parameters must include 'X-Amz-Credential'. " : "",
            signature.Length == 0 ? "AWS query-string parameters must include 'X-Amz-Signature'. " : "",
            signedHeaders.Length == 0 ? "AWS query-string parameters must include 'X-Amz-SignedHeaders'. " : "",
            timestamp.Length == 0 ? "AWS query-string parameters must include 'X-Amz-Date'. " : "");
        if (missing.Length > 0)
        {
            error = AuthErrors.IncompleteSignature(missing.TrimEnd());
            return null;
        }

        if (algorithm != SigV4.Algorithm)
        {
            error = AuthErrors.IncompleteSignature($"X-Amz-Algorithm must be '{SigV4.Algorithm}'; got '{algorithm}'.");
            return null;
        }

        if (!TryParseTimestamp(timestamp, out var time))
        {
            error = AuthErrors.IncompleteSignature($"X-Amz-Date must be in the ISO 8601 basic format yyyyMMddTHHmmssZ; got '{timestamp}'.");
            return null;
        }

        // Presigned URLs live at most 7 days, as AWS allows.
        if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires is < 1 or > 604800)
        {
            error = AuthErrors.IncompleteSignature($"X-Amz-Expires must be a number of seconds from 1 to 604800; got '{expiresText}'.");
            return null;
        }

        return Build(credential, signedHeaders, signature, timestamp, time, TimeSpan.FromSeconds(expires), out error);
    }

    private static SignedRequest? Build(
        string credential, string signedHeaders, string signature, string timestamp, DateTimeOffset time, TimeSpan? expires, out LambdaError? error)
    {
        error = null;
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope.Any(static s => s.Length == 0))
        {
            error = AuthErrors.IncompleteSignature(
                $"Credential must have the form <AccessKeyId>/<yyyyMMdd>/<region>/<service>/aws4_request; got '{credential}'.");
            return null;
        }

        var headers = signedHeaders.Split(';');
        if (headers.Any(static h => h.Length == 0))
        {
            error = AuthErrors.IncompleteSignature($"SignedHeaders must be a ';'-separated list of header names; got '{signedHeaders}'.");
            return null;
        }

        return new SignedRequest
        {
            AccessKeyId = scope[0],
            ScopeDate = scope[1],
            Region = scope[2],
            Service = scope[3],
            ScopeTerminator = scope[4],
            Timestamp = timestamp,
            Time = time,
            SignedHeaders = headers,
            SignedHeadersText = signedHeaders,
            Signature = signature,
            Expires = expires,
        };
    }

    // The spec allows either X-Amz-Date or Date; botocore sends X-Amz-Date unless the caller set a Date header.
    private static bool TryReadTimestamp(HttpRequest request, out string timestamp, out DateTimeOffset time, out LambdaError? error)
    {
        error = null;
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (amzDate.Length > 0)
        {
            timestamp = amzDate;
            if (TryParseTimestamp(amzDate, out time))
            {
                return true;
            }

            error = AuthErrors.IncompleteSignature($"X-Amz-Date must be in the ISO 8601 basic format yyyyMMddTHHmmssZ; got '{amzDate}'.");
            return false;
        }

        var date = request.Headers.Date.ToString();
        if (date.Length > 0 && DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time))
        {
            timestamp = time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
            return true;
        }

        timestamp = "";
        time = default;
        error = AuthErrors.IncompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        return false;
    }

    private static bool TryParseTimestamp(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
