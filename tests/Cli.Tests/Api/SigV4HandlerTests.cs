using Faas.Cli.Api;

namespace Faas.Cli.Tests.Api;

public sealed class SigV4HandlerTests
{
    // AWS's Signature Version 4 test suite, case "get-vanilla".
    [Fact]
    public void Sign_AwsTestSuiteGetVanilla_GivesTheSuiteSignature()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, "us-east-1");
        using var handler = new SigV4Handler(credentials, TimeProvider.System, "service");
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        handler.Sign(request, [], new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            request.Headers.GetValues("Authorization").Single());
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public void CanonicalPath_EncodedQualifier_IsEncodedAgain()
    {
        Assert.Equal("/2015-03-31/functions/fn%253A%2524LATEST/invocations", SigV4Handler.CanonicalPath("/2015-03-31/functions/fn%3A%24LATEST/invocations"));
    }

    [Fact]
    public void CanonicalQuery_Parameters_AreSortedAndEncoded()
    {
        Assert.Equal("Marker=a%2Bb&MaxItems=50", SigV4Handler.CanonicalQuery("?MaxItems=50&Marker=a%2Bb"));
    }
}
