using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Auth;

/// <summary>The real AWS CLI (botocore's SigV4) against a gateway that enforces access keys.</summary>
[Collection(KeyedPlatformCollection.Name)]
public sealed class SignedRequestTests(KeyedPlatformFixture fixture, ITestOutputHelper output) : PlatformTestBase(fixture.Platform, output)
{
    private static readonly string[] AuthErrors =
    [
        "InvalidSignatureException", "UnrecognizedClientException", "AccessDeniedException", "MissingAuthenticationToken", "IncompleteSignatureException",
    ];

    [Fact]
    public async Task ListFunctions_KeyWithEveryGrant_Succeeds()
    {
        var result = await fixture.Aws(KeyedPlatformFixture.FullKeyId, KeyedPlatformFixture.FullSecret).LambdaAsync("list-functions");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(JsonValueKind.Array, result.Json.GetProperty("Functions").ValueKind);
    }

    [Fact]
    public async Task CreateAndGetFunction_ControlOnlyKey_SucceedsAndTheCodeLocationIsPresigned()
    {
        var aws = fixture.Aws(KeyedPlatformFixture.ControlKeyId, KeyedPlatformFixture.ControlSecret);
        var name = UniqueName("signed");
        var zip = Path.Combine(Fixture.RootDirectory, $"{name}.zip");
        Directory.CreateDirectory(Fixture.RootDirectory);
        await File.WriteAllBytesAsync(zip, Fixture.Zip("HandlerShapes"));

        var created = await aws.LambdaAsync(
            "create-function", "--function-name", name, "--runtime", "dotnet10", "--handler", "HandlerShapes::HandlerShapes.Functions::Echo",
            "--role", "arn:aws:iam::000000000000:role/lambda-role", "--zip-file", $"fileb://{zip}");
        var got = await aws.LambdaAsync("get-function", "--function-name", name);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(got.ExitCode == 0, got.ToString());
        var location = got.Json.GetProperty("Code").GetProperty("Location").GetString()!;
        using var download = await Fixture.Http.GetAsync(new Uri(location));
        Assert.True(download.IsSuccessStatusCode, $"{(int)download.StatusCode} {await download.Content.ReadAsStringAsync()} for {location}");
        Assert.Equal(await File.ReadAllBytesAsync(zip), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Invoke_InvokeOnlyKey_RunsTheFunctionWithTheSignedPayload()
    {
        var name = UniqueName("signed");
        var zip = Path.Combine(Fixture.RootDirectory, $"{name}.zip");
        var outFile = Path.Combine(Fixture.RootDirectory, $"{name}.json");
        Directory.CreateDirectory(Fixture.RootDirectory);
        await File.WriteAllBytesAsync(zip, Fixture.Zip("HandlerShapes"));
        var created = await fixture.Aws(KeyedPlatformFixture.FullKeyId, KeyedPlatformFixture.FullSecret).LambdaAsync(
            "create-function", "--function-name", name, "--runtime", "dotnet10", "--handler", "HandlerShapes::HandlerShapes.Functions::Echo",
            "--role", "arn:aws:iam::000000000000:role/lambda-role", "--zip-file", $"fileb://{zip}");
        Assert.True(created.ExitCode == 0, created.ToString());

        var invoked = await fixture.Aws(KeyedPlatformFixture.InvokeKeyId, KeyedPlatformFixture.InvokeSecret)
            .LambdaAsync("invoke", "--function-name", name, "--payload", """{"Message":"signed","Number":7}""", outFile);

        Assert.True(invoked.ExitCode == 0, invoked.ToString());
        Assert.Equal(200, invoked.Json.GetProperty("StatusCode").GetInt32());
        using var echoed = JsonDocument.Parse(await File.ReadAllTextAsync(outFile));
        Assert.Equal("signed", echoed.RootElement.GetProperty("Message").GetString());
        Assert.Equal(7, echoed.RootElement.GetProperty("Number").GetInt32());
    }

    [Fact]
    public async Task Invoke_InvokeOnlyKeyWithPayload_PassesAuthentication()
    {
        var outFile = Path.Combine(Fixture.RootDirectory, $"out-{Guid.NewGuid():N}.json");

        var payloadFile = Path.Combine(Fixture.RootDirectory, $"payload-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Fixture.RootDirectory);
        await File.WriteAllTextAsync(payloadFile, $$"""{"large":"{{new string('x', 2_000_000)}}"}""");

        // A 2 MB body is hashed while it is buffered, and the signature still matches.
        var result = await fixture.Aws(KeyedPlatformFixture.InvokeKeyId, KeyedPlatformFixture.InvokeSecret)
            .LambdaAsync("invoke", "--function-name", "no-such-function", "--payload", $"fileb://{payloadFile}", outFile);

        AssertNotRefused(result);
    }

    [Fact]
    public async Task ListFunctions_WrongSecret_IsInvalidSignatureException()
    {
        var result = await fixture.Aws(KeyedPlatformFixture.FullKeyId, "not-the-secret").LambdaAsync("list-functions");

        AssertRefused(result, "InvalidSignatureException", "ListFunctions", "The request signature we calculated does not match");
    }

    [Fact]
    public async Task ListFunctions_UnknownKey_IsUnrecognizedClientException()
    {
        var result = await fixture.Aws("AKIAUNKNOWN", "whatever").LambdaAsync("list-functions");

        AssertRefused(result, "UnrecognizedClientException", "ListFunctions", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task ListFunctions_InvokeOnlyKey_IsAccessDeniedException()
    {
        var result = await fixture.Aws(KeyedPlatformFixture.InvokeKeyId, KeyedPlatformFixture.InvokeSecret).LambdaAsync("list-functions");

        AssertRefused(result, "AccessDeniedException", "ListFunctions", "does not grant Control");
    }

    [Fact]
    public async Task Invoke_ControlOnlyKey_IsAccessDeniedException()
    {
        var outFile = Path.Combine(Fixture.RootDirectory, $"out-{Guid.NewGuid():N}.json");

        var result = await fixture.Aws(KeyedPlatformFixture.ControlKeyId, KeyedPlatformFixture.ControlSecret)
            .LambdaAsync("invoke", "--function-name", "any-function", "--payload", "{}", outFile);

        AssertRefused(result, "AccessDeniedException", "Invoke", "lambda:InvokeFunction");
    }

    [Fact]
    public async Task UnsignedRequest_KeysConfigured_IsMissingAuthenticationToken()
    {
        using var response = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, "2015-03-31/functions/"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Missing Authentication Token", body.RootElement.GetProperty("message").GetString());
    }

    private static void AssertRefused(AwsCliResult result, string errorType, string operation, string messagePart)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.True(result.Stderr.Contains($"({errorType}) when calling the {operation} operation", StringComparison.Ordinal), result.ToString());
        Assert.True(result.Stderr.Contains(messagePart, StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task Metrics_Unsigned_AreServedForScrapers()
    {
        using var response = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, "metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Whatever the API answers (the function may not exist), it is not an authentication or authorization refusal.
    private static void AssertNotRefused(AwsCliResult result)
    {
        foreach (var error in AuthErrors)
        {
            Assert.False(result.Stderr.Contains(error, StringComparison.Ordinal), result.ToString());
        }

        Assert.False(result.Stderr.Contains("(403)", StringComparison.Ordinal), result.ToString());
    }
}
