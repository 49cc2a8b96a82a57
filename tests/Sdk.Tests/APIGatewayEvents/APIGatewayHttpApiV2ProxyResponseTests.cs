using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.APIGatewayEvents;

public class APIGatewayHttpApiV2ProxyResponseTests
{
    [Fact]
    public void Serialize_StatusAndBody_WritesWireNamesAndOmitsNulls()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse { StatusCode = 200, Body = "hello" };

        var json = new DefaultLambdaJsonSerializer().SerializeToString(response);

        Assert.Equal("""{"statusCode":200,"body":"hello","isBase64Encoded":false}""", json);
    }

    [Fact]
    public void Serialize_AllFields_WritesTheDocumentedShape()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 201,
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            Cookies = ["n=v; Max-Age=60"],
            Body = "{\"id\":1}",
            IsBase64Encoded = false,
        };

        var json = new CamelCaseLambdaJsonSerializer().SerializeToString(response);

        Assert.Equal(
            """{"statusCode":201,"headers":{"content-type":"application/json"},"cookies":["n=v; Max-Age=60"],"body":"{\"id\":1}","isBase64Encoded":false}""",
            json);
    }

    [Fact]
    public void SetHeaderValues_AppendToExistingHeader_JoinsWithComma()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse();

        response.SetHeaderValues("x-list", "a", append: false);
        response.SetHeaderValues("x-list", ["b", "c"], append: true);
        response.SetHeaderValues("x-single", "1", append: true);

        Assert.Equal("a,b,c", response.Headers["x-list"]);
        Assert.Equal("1", response.Headers["x-single"]);
    }

    [Fact]
    public void SetHeaderValues_NoAppend_ReplacesExistingValue()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse();
        response.SetHeaderValues("x-h", "old", append: false);

        response.SetHeaderValues("x-h", ["new1", "new2"], append: false);

        Assert.Equal("new1,new2", response.Headers["x-h"]);
    }
}
