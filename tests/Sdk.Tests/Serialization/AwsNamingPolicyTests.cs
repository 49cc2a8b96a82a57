using System.Text.Json;
using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.Serialization;

public class AwsNamingPolicyTests
{
    [Theory]
    [InlineData("XAmzId2", "x-amz-id-2")]
    [InlineData("XAmzRequestId", "x-amz-request-id")]
    [InlineData("StatusCode", "StatusCode")]
    [InlineData("isBase64Encoded", "isBase64Encoded")]
    public void ConvertName_NoFallback_MapsAwsNamesAndKeepsOthers(string name, string expected)
    {
        var policy = new AwsNamingPolicy();

        var converted = policy.ConvertName(name);

        Assert.Equal(expected, converted);
    }

    [Theory]
    [InlineData("XAmzId2", "x-amz-id-2")]
    [InlineData("StatusCode", "statusCode")]
    public void ConvertName_CamelCaseFallback_MapsAwsNamesAndCamelCasesOthers(string name, string expected)
    {
        var policy = new AwsNamingPolicy(JsonNamingPolicy.CamelCase);

        var converted = policy.ConvertName(name);

        Assert.Equal(expected, converted);
    }
}
