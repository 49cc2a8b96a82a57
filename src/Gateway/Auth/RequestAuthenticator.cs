using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using Faas.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Auth;

/// <summary>
/// Verifies AWS Signature Version 4 on a request against the configured access keys and checks the key's grants.
/// Without keys (a loopback gateway) it verifies nothing: any credentials and unsigned requests pass, as local emulators
/// do, and only callers that require a signature (AWS_IAM function URLs) still need one to be present.
/// </summary>
internal sealed partial class RequestAuthenticator
{
    private const int HashBufferSize = 64 * 1024;

    private readonly FrozenDictionary<string, AccessKeyOptions> _keys;
    private readonly string _region;
    private readonly TimeSpan _maxClockSkew;
    private readonly TimeProvider _time;
    private readonly ILogger<RequestAuthenticator> _logger;

    public RequestAuthenticator(GatewayOptions options, TimeProvider time, ILogger<RequestAuthenticator> logger)
    {
        _keys = options.Auth.Keys.ToFrozenDictionary(static k => k.AccessKeyId, StringComparer.Ordinal);
        _region = options.Region;
        _maxClockSkew = options.Auth.MaxClockSkew;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether keys are configured, so that signatures are verified and grants enforced.</summary>
    public bool Enforcing => _keys.Count > 0;

    /// <summary>The number of configured access keys.</summary>
    public int KeyCount => _keys.Count;

    /// <summary>
    /// Authenticates a Lambda API request whose body is still unread: the body is hashed while it is read into a
    /// rewindable buffer (memory up to <paramref name="memoryThreshold"/>, then a temporary file), so the API reads it again.
    /// </summary>
    public async ValueTask<AuthOutcome> AuthenticateAsync(
        HttpContext context, AccessGrants required, long maxBodyBytes, int memoryThreshold, CancellationToken cancellationToken)
    {
        var check = Begin(context, required, requireSignature: false);
        if (check.Done is { } done)
        {
            return Report(context, done);
        }

        string actualHash;
        if (check.DeclaredPayloadHash == SigV4.UnsignedPayload)
        {
            actualHash = SigV4.UnsignedPayload;
        }
        else
        {
            var (hash, error) = await HashBodyAsync(context.Request, maxBodyBytes, memoryThreshold, cancellationToken);
            if (error is not null)
            {
                return Report(context, AuthOutcome.Deny(error, check.Request!.AccessKeyId));
            }

            actualHash = hash!;
        }

        return Report(context, Finish(context, check, actualHash, required));
    }

    /// <summary>Authenticates a request whose body has already been read (function URLs buffer it to build the event).</summary>
    public AuthOutcome Authenticate(HttpContext context, AccessGrants required, ReadOnlySpan<byte> body, bool requireSignature)
    {
        var check = Begin(context, required, requireSignature);
        if (check.Done is { } done)
        {
            return Report(context, done);
        }

        var actualHash = check.DeclaredPayloadHash == SigV4.UnsignedPayload ? SigV4.UnsignedPayload
            : body.IsEmpty ? SigV4.EmptyPayloadHash
            : SigV4.HexSha256(body);
        return Report(context, Finish(context, check, actualHash, required));
    }

    /// <summary>
    /// A presigned form of a gateway URL for plain HTTP clients (GetFunction's <c>Code.Location</c>, as Lambda answers a
    /// presigned S3 URL): signed with the access key of <paramref name="caller"/>'s request and valid for
    /// <paramref name="validFor"/>. Unchanged when no keys are configured or the caller's key is unknown.
    /// </summary>
    public string Presign(HttpContext caller, string url, TimeSpan validFor)
    {
        if (!Enforcing || SignedRequest.Parse(caller.Request, out _) is not { } signed || !_keys.TryGetValue(signed.AccessKeyId, out var key))
        {
            return url;
        }

        var uri = new Uri(url);
        var timestamp = _time.GetUtcNow().UtcDateTime.ToString(SignedRequest.TimestampFormat, CultureInfo.InvariantCulture);
        var date = timestamp[..8];
        var scope = $"{date}/{_region}/lambda/{SigV4.Terminator}";
        var query = uri.Query.TrimStart('?');
        var authQuery = string.Concat(
            "X-Amz-Algorithm=", SigV4.Algorithm,
            "&X-Amz-Credential=", Uri.EscapeDataString($"{key.AccessKeyId}/{scope}"),
            "&X-Amz-Date=", timestamp,
            "&X-Amz-Expires=", ((int)validFor.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "&X-Amz-SignedHeaders=host");
        var fullQuery = query.Length == 0 ? authQuery : $"{query}&{authQuery}";
        var headers = new HeaderDictionary { ["Host"] = uri.IsDefaultPort ? uri.Host : uri.Authority };
        var canonicalRequest = SigV4.CanonicalRequest(
            "GET", SigV4.CanonicalUri(uri.AbsolutePath), SigV4.CanonicalQuery(fullQuery, omitSignature: true), headers, ["host"], "host", SigV4.EmptyPayloadHash);
        var signature = SigV4.Signature(SigV4.SigningKey(key.SecretAccessKey, date, _region, "lambda"), SigV4.StringToSign(timestamp, scope, canonicalRequest));
        return $"{uri.GetLeftPart(UriPartial.Path)}?{fullQuery}&X-Amz-Signature={signature}";
    }

    // 1. Parse. 2. Without keys, accept. 3. Known key, scope, clock, signed host and token. The signature itself needs the payload hash.
    private Check Begin(HttpContext context, AccessGrants required, bool requireSignature)
    {
        var request = context.Request;
        var signed = SignedRequest.Parse(request, out var parseError);
        if (parseError is not null)
        {
            return Check.Finished(AuthOutcome.Deny(parseError));
        }

        if (signed is null)
        {
            return Check.Finished(Enforcing || requireSignature ? AuthOutcome.Deny(AuthErrors.MissingAuthenticationToken()) : AuthOutcome.Allow(null));
        }

        if (!Enforcing)
        {
            return Check.Finished(AuthOutcome.Allow(signed.AccessKeyId));
        }

        if (!_keys.TryGetValue(signed.AccessKeyId, out var key))
        {
            return Check.Finished(AuthOutcome.Deny(AuthErrors.UnrecognizedClient(), signed.AccessKeyId));
        }

        var scopeError = CheckScope(signed) ?? CheckTime(signed) ?? CheckSignedHeaders(request, signed);
        if (scopeError is not null)
        {
            return Check.Finished(AuthOutcome.Deny(scopeError, signed.AccessKeyId));
        }

        var declared = request.Headers["X-Amz-Content-SHA256"].ToString();
        return new Check(signed, key, declared.Length == 0 ? null : declared, null);
    }

    private AuthOutcome Finish(HttpContext context, Check check, string actualPayloadHash, AccessGrants required)
    {
        var signed = check.Request!;
        var key = check.Key!;
        var declared = check.DeclaredPayloadHash;
        if (declared is not null && declared != SigV4.UnsignedPayload && !string.Equals(declared, actualPayloadHash, StringComparison.OrdinalIgnoreCase))
        {
            return AuthOutcome.Deny(AuthErrors.InvalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed."), signed.AccessKeyId);
        }

        var target = RawRequestTarget.Of(context);
        var canonicalRequest = SigV4.CanonicalRequest(
            context.Request.Method,
            SigV4.CanonicalUri(target.Path),
            SigV4.CanonicalQuery(target.Query, omitSignature: signed.Expires is not null),
            context.Request.Headers,
            signed.SignedHeaders,
            signed.SignedHeadersText,
            declared ?? actualPayloadHash);
        var stringToSign = SigV4.StringToSign(signed.Timestamp, signed.Scope, canonicalRequest);
        var expected = SigV4.Signature(SigV4.SigningKey(key.SecretAccessKey, signed.ScopeDate, signed.Region, signed.Service), stringToSign);
        if (!SigV4.SignaturesEqual(expected, signed.Signature))
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.CanonicalRequestMismatch(_logger, signed.AccessKeyId, RedactToken(canonicalRequest));
            }

            return AuthOutcome.Deny(AuthErrors.SignatureMismatch(), signed.AccessKeyId);
        }

        var missing = required & ~key.Grants;
        return missing == AccessGrants.None
            ? AuthOutcome.Allow(signed.AccessKeyId)
            : AuthOutcome.Deny(AuthErrors.AccessDenied(signed.AccessKeyId, missing), signed.AccessKeyId);
    }

    private LambdaError? CheckScope(SignedRequest signed)
    {
        if (signed.ScopeTerminator != SigV4.Terminator)
        {
            return AuthErrors.InvalidSignature($"Credential should be scoped with a valid terminator: '{SigV4.Terminator}', not '{signed.ScopeTerminator}'.");
        }

        if (signed.Service != "lambda")
        {
            return AuthErrors.InvalidSignature($"Credential should be scoped to correct service: 'lambda'. Got '{signed.Service}'.");
        }

        if (signed.Region != _region)
        {
            return AuthErrors.InvalidSignature($"Credential should be scoped to a valid region, not '{signed.Region}'. This gateway's region is '{_region}'.");
        }

        if (signed.ScopeDate != signed.Timestamp[..8])
        {
            return AuthErrors.InvalidSignature(
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{signed.ScopeDate}' != '{signed.Timestamp[..8]}', from '{signed.Timestamp}'.");
        }

        return null;
    }

    private LambdaError? CheckTime(SignedRequest signed)
    {
        var now = _time.GetUtcNow();
        if (signed.Time < now - _maxClockSkew && signed.Expires is null)
        {
            return AuthErrors.InvalidSignature(
                $"Signature expired: {signed.Timestamp} is now earlier than {Format(now - _maxClockSkew)} ({Format(now)} - {Minutes(_maxClockSkew)}.)");
        }

        if (signed.Time > now + _maxClockSkew)
        {
            return AuthErrors.InvalidSignature(
                $"Signature not yet current: {signed.Timestamp} is still later than {Format(now + _maxClockSkew)} ({Format(now)} + {Minutes(_maxClockSkew)}.)");
        }

        if (signed.Expires is { } expires && signed.Time + expires < now)
        {
            return AuthErrors.InvalidSignature(
                $"Signature expired: {signed.Timestamp} + {expires.TotalSeconds:0} s is now earlier than {Format(now)}.");
        }

        return null;

        static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(SignedRequest.TimestampFormat, CultureInfo.InvariantCulture);

        static string Minutes(TimeSpan skew) => skew.TotalSeconds % 60 == 0 ? $"{skew.TotalMinutes:0} min" : $"{skew.TotalSeconds:0} s";
    }

    private static LambdaError? CheckSignedHeaders(HttpRequest request, SignedRequest signed)
    {
        if (!signed.SignedHeaders.Contains("host"))
        {
            return AuthErrors.InvalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        // A session token outside the signature could be swapped by anyone on the way.
        if (signed.Expires is null && request.Headers.ContainsKey("X-Amz-Security-Token") && !signed.SignedHeaders.Contains("x-amz-security-token"))
        {
            return AuthErrors.InvalidSignature("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
        }

        return null;
    }

    private static async ValueTask<(string? Hash, LambdaError? Error)> HashBodyAsync(
        HttpRequest request, long maxBodyBytes, int memoryThreshold, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return (SigV4.EmptyPayloadHash, null);
        }

        if (request.ContentLength > maxBodyBytes)
        {
            return (null, TooLarge(maxBodyBytes));
        }

        // The API handler reads the body after us: buffer it so it can be rewound.
        request.EnableBuffering(memoryThreshold);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashBufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(0, HashBufferSize), cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBodyBytes)
                {
                    return (null, TooLarge(maxBodyBytes));
                }

                sha256.AppendData(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, LambdaError.RequestTooLarge("Request body is larger than the gateway accepts."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), null);

        static LambdaError TooLarge(long limit) =>
            LambdaError.RequestTooLarge($"Request must be smaller than {limit} bytes for the InvokeFunction operation");
    }

    // A session token is a credential: it never reaches the log.
    private static string RedactToken(string canonicalRequest)
    {
        const string Prefix = "\nx-amz-security-token:";
        var start = canonicalRequest.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return canonicalRequest;
        }

        var end = canonicalRequest.IndexOf('\n', start + Prefix.Length);
        return string.Concat(canonicalRequest.AsSpan(0, start + Prefix.Length), "<redacted>", canonicalRequest.AsSpan(end));
    }

    private AuthOutcome Report(HttpContext context, AuthOutcome outcome)
    {
        if (!outcome.Allowed)
        {
            Log.RequestDenied(_logger, context.Request.Method, context.Request.Path.Value ?? "/", outcome.Error!.ErrorType, outcome.AccessKeyId ?? "(none)");
        }

        return outcome;
    }

    /// <summary>A request part-way through verification: the parsed signature and its key, or the outcome already reached.</summary>
    private readonly record struct Check(SignedRequest? Request, AccessKeyOptions? Key, string? DeclaredPayloadHash, AuthOutcome? Done)
    {
        public static Check Finished(AuthOutcome outcome) => new(null, null, null, outcome);
    }
}
