using System.Text;
using Faas.Gateway.Auth;

namespace Faas.Gateway.Tests.Auth;

/// <summary>
/// The canonicalization against AWS's SigV4 test suite (aws-sig-v4-test-suite: key AKIDEXAMPLE, region us-east-1,
/// service "service", 20150830T123600Z; the published signatures) and, where a non-S3 signer encodes the path once more
/// than the suite's raw requests do, against signatures botocore 1.43 computes for the same requests.
/// </summary>
public class SigV4Tests
{
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteTimestamp = "20150830T123600Z";
    private const string SuiteScope = "20150830/us-east-1/service/aws4_request";

    public static TheoryData<string, string, string, string[], string, string, string> SuiteVectors => new()
    {
        // name, method, raw target, extra headers, body, signed headers, signature
        { "get-vanilla", "GET", "/", [], "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "post-vanilla", "POST", "/", [], "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", [], "", "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        {
            "get-vanilla-query-unreserved", "GET",
            "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            [], "", "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"
        },
        {
            "get-header-value-trim", "GET", "/", ["My-Header1: value1", "My-Header2: \"a   b   c\""], "",
            "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"
        },
        { "normalize-path/get-slashes", "GET", "//example//", [], "", "host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84" },
        { "normalize-path/get-slash-dot-slash", "GET", "/./", [], "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        {
            "post-x-www-form-urlencoded", "POST", "/", ["Content-Type:application/x-www-form-urlencoded"], "Param1=value1",
            "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        },

        // botocore (non-S3) encodes the received path once more: %E1%88%B4 -> %25E1%2588%25B4, %20 -> %2520.
        { "botocore get-utf8", "GET", "/%E1%88%B4", [], "", "host;x-amz-date", "697b34846207a3f72246f99d74ae1ee4fe54f44bb06730c58a0d339eb079596d" },
        { "botocore get-space", "GET", "/example%20space/", [], "", "host;x-amz-date", "446b817944c553435b35e813c261ff4e161fff982d1bacdef1c87f6785dd1662" },
    };

    [Theory]
    [MemberData(nameof(SuiteVectors))]
    public void Signature_TestSuiteRequest_MatchesPublishedSignature(
        string name, string method, string rawTarget, string[] headers, string body, string signedHeaders, string expected)
    {
        _ = name;
        var allHeaders = new List<(string, string)> { ("Host", "example.amazonaws.com"), ("X-Amz-Date", SuiteTimestamp) };
        allHeaders.AddRange(headers.Select(static h => (h[..h.IndexOf(':')], h[(h.IndexOf(':') + 1)..])));
        var context = TestRequests.Create(method, rawTarget, allHeaders, body);
        var target = RawRequestTarget.Of(context);

        var canonical = SigV4.CanonicalRequest(
            method,
            SigV4.CanonicalUri(target.Path),
            SigV4.CanonicalQuery(target.Query, omitSignature: false),
            context.Request.Headers,
            signedHeaders.Split(';'),
            signedHeaders,
            SigV4.HexSha256(Encoding.UTF8.GetBytes(body)));
        var signature = SigV4.Signature(
            SigV4.SigningKey(SuiteSecret, "20150830", "us-east-1", "service"), SigV4.StringToSign(SuiteTimestamp, SuiteScope, canonical));

        Assert.Equal(expected, signature);
    }

    [Fact]
    public void CanonicalRequest_GetVanilla_IsThePublishedCanonicalRequest()
    {
        var context = TestRequests.Create("GET", "/", [("Host", "example.amazonaws.com"), ("X-Amz-Date", SuiteTimestamp)]);

        var canonical = SigV4.CanonicalRequest("GET", "/", "", context.Request.Headers, ["host", "x-amz-date"], "host;x-amz-date", SigV4.EmptyPayloadHash);

        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            SigV4.StringToSign(SuiteTimestamp, SuiteScope, canonical));
    }

    [Theory]
    [InlineData("/2015-03-31/functions/my-fn%3Aprod/invocations", "/2015-03-31/functions/my-fn%253Aprod/invocations")]
    [InlineData("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Afn/configuration", "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A000000000000%253Afunction%253Afn/configuration")]
    [InlineData("/a/./b/../c/", "/a/c/")]
    [InlineData("", "/")]
    [InlineData("/~user/x y", "/~user/x%20y")]
    public void CanonicalUri_RawPath_IsNormalizedAndEncodedOnceMore(string rawPath, string expected)
    {
        Assert.Equal(expected, SigV4.CanonicalUri(rawPath));
    }

    [Theory]
    [InlineData("b=2&a=1&a=0", "a=0&a=1&b=2")]
    [InlineData("Qualifier=%24LATEST", "Qualifier=%24LATEST")]
    [InlineData("flag&x=", "flag=&x=")]
    [InlineData("k=a%20b%2Bc&k2=%7e", "k=a%20b%2Bc&k2=~")]
    [InlineData("x=1&X-Amz-Signature=abc", "X-Amz-Signature=abc&x=1")]
    public void CanonicalQuery_RawQuery_IsSortedAndEncodedWithOnlyUnreservedKept(string rawQuery, string expected)
    {
        Assert.Equal(expected, SigV4.CanonicalQuery(rawQuery, omitSignature: false));
    }

    [Fact]
    public void CanonicalQuery_Presigned_LeavesTheSignatureOut()
    {
        Assert.Equal("X-Amz-Date=1&x=1", SigV4.CanonicalQuery("x=1&X-Amz-Signature=abc&X-Amz-Date=1", omitSignature: true));
    }

    [Fact]
    public void SignaturesEqual_DifferentOrMalformed_IsFalse()
    {
        var signature = new string('a', 64);

        Assert.True(SigV4.SignaturesEqual(signature, new string('a', 64)));
        Assert.False(SigV4.SignaturesEqual(signature, new string('a', 63) + "b"));
        Assert.False(SigV4.SignaturesEqual(signature, "short"));
        Assert.False(SigV4.SignaturesEqual(signature, new string('é', 64)));
    }
}
