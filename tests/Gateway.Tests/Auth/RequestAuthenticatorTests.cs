using System.Text;
using Faas.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faas.Gateway.Tests.Auth;

/// <summary>
/// Verification of requests signed by botocore 1.43 (the AWS CLI's signer) at 2015-08-30T12:36:00Z with access key
/// AKIAFAASEXAMPLE and secret "faas/secret+EXAMPLEKEY"; the gateway clock is set to that time.
/// </summary>
public class RequestAuthenticatorTests
{
    private const string KeyId = "AKIAFAASEXAMPLE";
    private const string Secret = "faas/secret+EXAMPLEKEY";
    private static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public async Task AuthenticateAsync_BotocoreSignedInvoke_IsAllowedAndTheBodyStaysReadable()
    {
        var authenticator = Authenticator();
        var context = Invoke();

        var outcome = await AuthenticateAsync(authenticator, context, AccessGrants.Invoke);

        Assert.True(outcome.Allowed, outcome.Error?.Message);
        Assert.Equal(KeyId, outcome.AccessKeyId);
        Assert.Equal(InvokeBody, await new StreamReader(context.Request.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task AuthenticateAsync_BotocoreSignedListFunctionsWithEncodedQuery_IsAllowed()
    {
        var outcome = await AuthenticateAsync(Authenticator(), ListFunctions(), AccessGrants.Control);

        Assert.True(outcome.Allowed, outcome.Error?.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_BotocorePresignedUrl_IsAllowed()
    {
        var outcome = await AuthenticateAsync(Authenticator(), Presigned(), AccessGrants.Control);

        Assert.True(outcome.Allowed, outcome.Error?.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedUrlPastItsExpiry_IsInvalidSignature()
    {
        var authenticator = Authenticator(now: SignedAt.AddSeconds(301));

        var outcome = await AuthenticateAsync(authenticator, Presigned(), AccessGrants.Control);

        AssertDenied(outcome, 403, "InvalidSignatureException", "Signature expired");
    }

    [Fact]
    public async Task AuthenticateAsync_WrongSecret_IsInvalidSignatureWithAwsMessage()
    {
        var authenticator = Authenticator(secret: "another-secret");

        var outcome = await AuthenticateAsync(authenticator, Invoke(), AccessGrants.Invoke);

        AssertDenied(outcome, 403, "InvalidSignatureException", AuthErrors.InvalidSignatureMessage);
    }

    [Fact]
    public async Task AuthenticateAsync_UnknownAccessKey_IsUnrecognizedClient()
    {
        var authenticator = Authenticator(keyId: "AKIAOTHER");

        var outcome = await AuthenticateAsync(authenticator, Invoke(), AccessGrants.Invoke);

        AssertDenied(outcome, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task AuthenticateAsync_BodyChangedAfterSigning_IsInvalidSignature()
    {
        var context = Invoke(body: """{"hello":"w0rld"}""");

        var outcome = await AuthenticateAsync(Authenticator(), context, AccessGrants.Invoke);

        AssertDenied(outcome, 403, "InvalidSignatureException", AuthErrors.InvalidSignatureMessage);
    }

    [Fact]
    public async Task AuthenticateAsync_SignedHeaderChanged_IsInvalidSignature()
    {
        var context = Invoke(invocationType: "Event");

        var outcome = await AuthenticateAsync(Authenticator(), context, AccessGrants.Invoke);

        AssertDenied(outcome, 403, "InvalidSignatureException", AuthErrors.InvalidSignatureMessage);
    }

    [Fact]
    public async Task AuthenticateAsync_ClockSixMinutesAhead_IsSignatureExpired()
    {
        var authenticator = Authenticator(now: SignedAt.AddMinutes(6));

        var outcome = await AuthenticateAsync(authenticator, Invoke(), AccessGrants.Invoke);

        AssertDenied(outcome, 403, "InvalidSignatureException",
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T124200Z - 5 min.)");
    }

    [Fact]
    public async Task AuthenticateAsync_ClockSixMinutesBehind_IsSignatureNotYetCurrent()
    {
        var authenticator = Authenticator(now: SignedAt.AddMinutes(-6));

        var outcome = await AuthenticateAsync(authenticator, Invoke(), AccessGrants.Invoke);

        AssertDenied(outcome, 403, "InvalidSignatureException", "Signature not yet current: 20150830T123600Z is still later than");
    }

    [Fact]
    public async Task AuthenticateAsync_ClockFourMinutesOff_IsAllowed()
    {
        var authenticator = Authenticator(now: SignedAt.AddMinutes(4));

        var outcome = await AuthenticateAsync(authenticator, Invoke(), AccessGrants.Invoke);

        Assert.True(outcome.Allowed, outcome.Error?.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_InvokeOnlyKeyOnControlOperation_IsAccessDenied()
    {
        var authenticator = Authenticator(grants: AccessGrants.Invoke);

        var outcome = await AuthenticateAsync(authenticator, ListFunctions(), AccessGrants.Control);

        AssertDenied(outcome, 403, "AccessDeniedException", "does not grant Control");
    }

    [Fact]
    public async Task AuthenticateAsync_ControlOnlyKeyInvoking_IsAccessDenied()
    {
        var authenticator = Authenticator(grants: AccessGrants.Control);

        var outcome = await AuthenticateAsync(authenticator, Invoke(), AccessGrants.Invoke);

        AssertDenied(outcome, 403, "AccessDeniedException", "lambda:InvokeFunction");
    }

    [Fact]
    public async Task AuthenticateAsync_NoAuthentication_IsMissingAuthenticationToken()
    {
        var context = TestRequests.Create("GET", "/2015-03-31/functions/", [("Host", "127.0.0.1:9000")]);

        var outcome = await AuthenticateAsync(Authenticator(), context, AccessGrants.Control);

        AssertDenied(outcome, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    [Fact]
    public async Task AuthenticateAsync_AuthorizationWithoutSignature_IsIncompleteSignature()
    {
        var context = TestRequests.Create("GET", "/2015-03-31/functions/", [
            ("Host", "127.0.0.1:9000"), ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFAASEXAMPLE/20150830/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date")]);

        var outcome = await AuthenticateAsync(Authenticator(), context, AccessGrants.Control);

        AssertDenied(outcome, 400, "IncompleteSignatureException", "Authorization header requires 'Signature' parameter.");
    }

    [Fact]
    public async Task AuthenticateAsync_OtherRegionInScope_IsInvalidSignatureNamingTheRegion()
    {
        var context = TestRequests.Create("GET", "/2015-03-31/functions/", [
            ("Host", "127.0.0.1:9000"), ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFAASEXAMPLE/20150830/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + new string('0', 64))]);

        var outcome = await AuthenticateAsync(Authenticator(), context, AccessGrants.Control);

        AssertDenied(outcome, 403, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'.");
    }

    [Fact]
    public async Task AuthenticateAsync_UnsignedSecurityToken_IsInvalidSignature()
    {
        var context = ListFunctions();
        context.Request.Headers["X-Amz-Security-Token"] = "swapped-token";

        var outcome = await AuthenticateAsync(Authenticator(), context, AccessGrants.Control);

        AssertDenied(outcome, 403, "InvalidSignatureException", "'X-Amz-Security-Token' must be a 'SignedHeader'");
    }

    [Fact]
    public async Task AuthenticateAsync_InvokeBodyOverSixMegabytes_IsRequestTooLarge()
    {
        var context = TestRequests.Create("POST", "/2015-03-31/functions/fn/invocations", InvokeHeaders("RequestResponse"), new byte[7 * 1024 * 1024]);
        context.Request.ContentLength = null;

        var outcome = await Authenticator().AuthenticateAsync(context, AccessGrants.Invoke, LambdaApiAccess.MaxInvokeBodyBytes, 1024, CancellationToken.None);

        AssertDenied(outcome, 413, "RequestTooLargeException", "Request must be smaller than 6291456 bytes");
    }

    [Fact]
    public async Task AuthenticateAsync_NoKeysConfigured_AllowsUnsignedAndWronglySignedRequests()
    {
        var open = Authenticator(noKeys: true);
        var unsigned = TestRequests.Create("GET", "/2015-03-31/functions/", [("Host", "127.0.0.1:9000")]);

        var unsignedOutcome = await AuthenticateAsync(open, unsigned, AccessGrants.Control);
        var wrongOutcome = await AuthenticateAsync(open, Invoke(body: "{}"), AccessGrants.Invoke);

        Assert.True(unsignedOutcome.Allowed);
        Assert.True(wrongOutcome.Allowed);
        Assert.Equal(KeyId, wrongOutcome.AccessKeyId);
    }

    [Fact]
    public void Authenticate_FunctionUrlSignedByBotocore_IsAllowedWithTheBufferedBody()
    {
        var context = FunctionUrlRequest();

        var outcome = Authenticator().Authenticate(context, AccessGrants.Invoke, """{"id":1}"""u8, requireSignature: true);

        Assert.True(outcome.Allowed, outcome.Error?.Message);
    }

    [Fact]
    public void Authenticate_NoKeysButSignatureRequiredAndAbsent_IsMissingAuthenticationToken()
    {
        var context = TestRequests.Create("POST", "/lambda-url/abc123/", [("Host", "127.0.0.1:9000")]);

        var outcome = Authenticator(noKeys: true).Authenticate(context, AccessGrants.Invoke, default, requireSignature: true);

        AssertDenied(outcome, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    [Fact]
    public async Task Presign_CodeLocation_IsAcceptedUntilItExpires()
    {
        var clock = new ManualTimeProvider(SignedAt);
        var authenticator = Authenticator(clock: clock);

        var url = authenticator.Presign(ListFunctions(), "http://127.0.0.1:9000/2015-03-31/functions/my-fn/code-package?Qualifier=1", TimeSpan.FromMinutes(10));
        clock.Now = SignedAt.AddMinutes(9);
        var fresh = await AuthenticateAsync(authenticator, Get(url), AccessGrants.Control);
        clock.Now = SignedAt.AddMinutes(11);
        var stale = await AuthenticateAsync(authenticator, Get(url), AccessGrants.Control);

        Assert.StartsWith("http://127.0.0.1:9000/2015-03-31/functions/my-fn/code-package?Qualifier=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAFAASEXAMPLE%2F20150830%2Fus-east-1%2Flambda%2Faws4_request&", url, StringComparison.Ordinal);
        Assert.True(fresh.Allowed, fresh.Error?.Message);
        AssertDenied(stale, 403, "InvalidSignatureException", "Signature expired");

        static DefaultHttpContext Get(string url)
        {
            var uri = new Uri(url);
            return TestRequests.Create("GET", uri.PathAndQuery, [("Host", uri.Authority)]);
        }
    }

    [Fact]
    public void Presign_NoKeysConfigured_LeavesTheUrlAsItIs()
    {
        var url = Authenticator(noKeys: true).Presign(ListFunctions(), "http://127.0.0.1:9000/x", TimeSpan.FromMinutes(10));

        Assert.Equal("http://127.0.0.1:9000/x", url);
    }

    private const string InvokeBody = """{"hello":"world"}""";

    private static RequestAuthenticator Authenticator(
        string keyId = KeyId,
        string secret = Secret,
        AccessGrants grants = AccessGrants.Control | AccessGrants.Invoke,
        DateTimeOffset? now = null,
        bool noKeys = false,
        TimeProvider? clock = null)
    {
        var options = new GatewayOptions { Region = "us-east-1" };
        if (!noKeys)
        {
            options.Auth.Keys.Add(new AccessKeyOptions { AccessKeyId = keyId, SecretAccessKey = secret, Grants = grants });
        }

        return new RequestAuthenticator(options, clock ?? new ManualTimeProvider(now ?? SignedAt), NullLogger<RequestAuthenticator>.Instance);
    }

    private static ValueTask<AuthOutcome> AuthenticateAsync(RequestAuthenticator authenticator, HttpContext context, AccessGrants required) =>
        authenticator.AuthenticateAsync(context, required, LambdaApiAccess.MaxInvokeBodyBytes, 64 * 1024, CancellationToken.None);

    private static void AssertDenied(AuthOutcome outcome, int status, string errorType, string messagePart)
    {
        Assert.False(outcome.Allowed);
        Assert.Equal(status, outcome.Error!.StatusCode);
        Assert.Equal(errorType, outcome.Error.ErrorType);
        Assert.Contains(messagePart, outcome.Error.Message, StringComparison.Ordinal);
    }

    // botocore: POST http://127.0.0.1:9000/2015-03-31/functions/my-fn%3Aprod/invocations?Qualifier=prod with a session token.
    private static DefaultHttpContext Invoke(string body = InvokeBody, string invocationType = "RequestResponse") =>
        TestRequests.Create("POST", "/2015-03-31/functions/my-fn%3Aprod/invocations?Qualifier=prod", InvokeHeaders(invocationType), Encoding.UTF8.GetBytes(body));

    private static List<(string, string)> InvokeHeaders(string invocationType) =>
    [
        ("Host", "127.0.0.1:9000"),
        ("X-Amz-Invocation-Type", invocationType),
        ("Content-Type", "application/json"),
        ("X-Amz-Date", "20150830T123600Z"),
        ("X-Amz-Security-Token", "session-token-EXAMPLE"),
        ("User-Agent", "aws-cli/1.45.11"),
        ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFAASEXAMPLE/20150830/us-east-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-invocation-type;x-amz-security-token, Signature=0d5033cbc53e95d06fd25e86e7314150673f8c70b142fb51384ec369908f460c"),
    ];

    // botocore: GET http://127.0.0.1:9000/2015-03-31/functions/?MaxItems=5&Marker=a%20b%2Bc
    private static DefaultHttpContext ListFunctions() => TestRequests.Create("GET", "/2015-03-31/functions/?MaxItems=5&Marker=a%20b%2Bc", [
        ("Host", "127.0.0.1:9000"),
        ("X-Amz-Date", "20150830T123600Z"),
        ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFAASEXAMPLE/20150830/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=03a64230dc674b5ba1528f3457c6ffb95790c8caecd6ce5e60890c49674b0088"),
    ]);

    // botocore SigV4QueryAuth, expires 300 s, with a session token.
    private static DefaultHttpContext Presigned() => TestRequests.Create(
        "GET",
        "/2015-03-31/functions?MaxItems=5&FunctionVersion=ALL&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAFAASEXAMPLE%2F20150830%2Fus-east-1%2Flambda%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Security-Token=session-token-EXAMPLE&X-Amz-Signature=6d7be2d52673e36669b2b6a91179fcb832084c7658bc4de848e81886b6010ee5",
        [("Host", "127.0.0.1:9000")]);

    // botocore: POST http://127.0.0.1:9000/lambda-url/abc123/items/%C3%A9t%C3%A9?b=2&a=1
    private static DefaultHttpContext FunctionUrlRequest() => TestRequests.Create("POST", "/lambda-url/abc123/items/%C3%A9t%C3%A9?b=2&a=1", [
        ("Host", "127.0.0.1:9000"),
        ("Content-Type", "application/json"),
        ("X-Amz-Date", "20150830T123600Z"),
        ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFAASEXAMPLE/20150830/us-east-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=667c08d82d82186ce08994d48482957af596f39b0c35595ee78d525baefc7603"),
    ], """{"id":1}""");
}
