using System.Text;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Serialization.SystemTextJson;
using Faas.Gateway.FunctionUrls;

namespace Faas.Gateway.Tests.FunctionUrls;

public class FunctionUrlResponseTests
{
    [Fact]
    public void FromBuffered_ProxyResponseOfADotNetFunction_GivesStatusHeadersCookiesAndBody()
    {
        var payload = Serialize(new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 201,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain", ["X-Custom"] = "a,b" },
            Cookies = ["session=abc; Path=/; HttpOnly", "theme=dark"],
            Body = "created",
        });

        var response = Map(payload);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal([new("Content-Type", "text/plain"), new("X-Custom", "a,b")], response.Headers);
        Assert.Equal(["session=abc; Path=/; HttpOnly", "theme=dark"], response.Cookies);
        Assert.Equal("created", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void FromBuffered_Base64Body_IsDecoded()
    {
        var bytes = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0xFF };
        var payload = Serialize(new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 200,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "image/png" },
            Body = Convert.ToBase64String(bytes),
            IsBase64Encoded = true,
        });

        var response = Map(payload);

        Assert.Equal(bytes, response.Body.ToArray());
    }

    [Fact]
    public void FromBuffered_StatusWithoutHeaders_DefaultsToJsonContentType()
    {
        var response = Map("""{"statusCode":404,"body":"{\"error\":\"nope\"}"}""");

        Assert.Equal(404, response.StatusCode);
        Assert.Equal([new("Content-Type", "application/json")], response.Headers);
        Assert.Equal("""{"error":"nope"}""", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Theory]
    [InlineData("""{"message":"Hello, world!"}""")]
    [InlineData("\"Hello, world!\"")]
    [InlineData("42")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("""{"StatusCode":500}""")]
    public void FromBuffered_JsonWithoutStatusCode_IsReturnedVerbatimAs200Json(string output)
    {
        var response = Map(output);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([new("Content-Type", "application/json")], response.Headers);
        Assert.Equal(output, Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void FromBuffered_RestProxyResponse_MergesMultiValueHeadersOverHeaders()
    {
        var payload = Serialize(new APIGatewayProxyResponse
        {
            StatusCode = 302,
            Headers = new Dictionary<string, string> { ["Location"] = "/next", ["X-Both"] = "single" },
            MultiValueHeaders = new Dictionary<string, IList<string>> { ["X-Both"] = ["m1", "m2"], ["Set-Cookie"] = ["a=1", "b=2"] },
        });

        var response = Map(payload);

        Assert.Equal(302, response.StatusCode);
        Assert.Equal(
            [new("Location", "/next"), new("X-Both", "m1"), new("X-Both", "m2"), new("Set-Cookie", "a=1"), new("Set-Cookie", "b=2"), new("Content-Type", "application/json")],
            response.Headers);
        Assert.True(response.Body.IsEmpty);
    }

    [Fact]
    public void FromBuffered_HeaderValuesThatAreNotStrings_AreWrittenAsText()
    {
        var response = Map("""{"statusCode":"200","headers":{"X-Count":3,"X-Flag":true,"X-None":null}}""");

        Assert.Equal(200, response.StatusCode);
        Assert.Contains(new("X-Count", "3"), response.Headers);
        Assert.Contains(new("X-Flag", "true"), response.Headers);
        Assert.DoesNotContain(response.Headers, h => h.Key == "X-None");
    }

    [Fact]
    public void FromBuffered_ConnectionHeaders_AreDropped()
    {
        var response = Map("""{"statusCode":200,"headers":{"Content-Length":"999","Transfer-Encoding":"chunked","Connection":"close","X-Kept":"1"}}""");

        Assert.Equal([new("X-Kept", "1"), new("Content-Type", "application/json")], response.Headers);
    }

    [Fact]
    public void FromBuffered_BodyThatIsAnObject_IsSentAsItsJson()
    {
        var response = Map("""{"statusCode":200,"body":{"a":[1,2]}}""");

        Assert.Equal("""{"a":[1,2]}""", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void FromBuffered_EmptyOutput_IsAnEmpty200()
    {
        var response = Map("");

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.Body.IsEmpty);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"statusCode":"abc"}""", "statusCode")]
    [InlineData("""{"statusCode":99}""", "statusCode")]
    [InlineData("""{"statusCode":700}""", "statusCode")]
    [InlineData("""{"statusCode":200,"headers":{"X-A":{"nested":1}}}""", "header 'X-A'")]
    [InlineData("""{"statusCode":200,"headers":{"Bad Name":"v"}}""", "header 'Bad Name'")]
    [InlineData("""{"statusCode":200,"headers":{"X-A":"line\r\nInjected: yes"}}""", "header 'X-A'")]
    [InlineData("""{"statusCode":200,"cookies":[1]}""", "cookies")]
    [InlineData("""{"statusCode":200,"body":"%%%","isBase64Encoded":true}""", "base64")]
    public void FromBuffered_OutputThatCannotBeAnHttpAnswer_IsRefusedWithTheReason(string output, string reasonPart)
    {
        var response = FunctionUrlResponse.FromBuffered(Encoding.UTF8.GetBytes(output), out var problem);

        Assert.Null(response);
        Assert.Contains(reasonPart, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStream_HttpIntegrationPrelude_GivesStatusHeadersCookiesAndTheRestAsBody()
    {
        var stream = Encoding.UTF8.GetBytes("""{"statusCode":206,"headers":{"Content-Type":"text/plain"},"cookies":["a=1"]}""")
            .Concat(new byte[8])
            .Concat(Encoding.UTF8.GetBytes("streamed body"))
            .ToArray();

        var response = FunctionUrlResponse.FromStream(stream, out _)!;

        Assert.Equal(206, response.StatusCode);
        Assert.Equal([new("Content-Type", "text/plain")], response.Headers);
        Assert.Equal(["a=1"], response.Cookies);
        Assert.Equal("streamed body", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void FromStream_RawBytes_AreA200Body()
    {
        var response = FunctionUrlResponse.FromStream("plain bytes"u8.ToArray(), out _)!;

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("plain bytes", Encoding.UTF8.GetString(response.Body.Span));
    }

    private static FunctionUrlResponse Map(string output)
    {
        var response = FunctionUrlResponse.FromBuffered(Encoding.UTF8.GetBytes(output), out var problem);
        Assert.True(response is not null, problem);
        return response!;
    }

    // What a .NET function's answer looks like on the wire: the response type written by the serializer it uses.
    private static string Serialize<T>(T response)
    {
        using var stream = new MemoryStream();
        new DefaultLambdaJsonSerializer().Serialize(response, stream);
        var json = Encoding.UTF8.GetString(stream.ToArray());
        using var check = JsonDocument.Parse(json);
        return json;
    }
}
