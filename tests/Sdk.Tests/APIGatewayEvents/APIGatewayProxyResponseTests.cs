using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.APIGatewayEvents;

public class APIGatewayProxyResponseTests
{
    [Fact]
    public void Serialize_AllFields_WritesTheDocumentedShape()
    {
        var response = new APIGatewayProxyResponse
        {
            StatusCode = 200,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" },
            MultiValueHeaders = new Dictionary<string, IList<string>> { ["Set-Cookie"] = ["a=1", "b=2"] },
            Body = "ok",
        };

        var json = new DefaultLambdaJsonSerializer().SerializeToString(response);

        Assert.Equal(
            """{"statusCode":200,"headers":{"Content-Type":"text/plain"},"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"ok","isBase64Encoded":false}""",
            json);
    }

    [Fact]
    public void Serialize_StatusOnly_OmitsNullMembers()
    {
        var json = new DefaultLambdaJsonSerializer().SerializeToString(new APIGatewayProxyResponse { StatusCode = 204 });

        Assert.Equal("""{"statusCode":204,"isBase64Encoded":false}""", json);
    }

    [Fact]
    public void Deserialize_WireJson_ReadsEveryField()
    {
        var response = new DefaultLambdaJsonSerializer().DeserializeFromString<APIGatewayProxyResponse>(
            """{"statusCode":302,"headers":{"Location":"/x"},"body":"aGk=","isBase64Encoded":true}""");

        Assert.Equal(302, response.StatusCode);
        Assert.Equal("/x", response.Headers["Location"]);
        Assert.Equal("aGk=", response.Body);
        Assert.True(response.IsBase64Encoded);
    }
}
