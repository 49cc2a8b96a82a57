using System.Text;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.Serialization;

public class DefaultLambdaJsonSerializerTests
{
    private readonly DefaultLambdaJsonSerializer _serializer = new();

    [Fact]
    public void Serialize_Poco_WritesDeclaredNamesAndOmitsNulls()
    {
        var order = new Order { OrderId = "o-1", ItemCount = 3 };

        var json = _serializer.SerializeToString(order);

        Assert.Equal("""{"OrderId":"o-1","ItemCount":3}""", json);
    }

    [Fact]
    public void Deserialize_CamelCaseJson_MatchesPropertiesCaseInsensitively()
    {
        var order = _serializer.DeserializeFromString<Order>("""{"orderId":"o-1","itemcount":3,"note":"n"}""");

        Assert.Equal("o-1", order.OrderId);
        Assert.Equal(3, order.ItemCount);
        Assert.Equal("n", order.Note);
    }

    [Fact]
    public void Serialize_AmzHeaderProperties_UsesAwsNames()
    {
        var json = _serializer.SerializeToString(new S3ResponseElements { XAmzId2 = "id2", XAmzRequestId = "req" });

        Assert.Equal("""{"x-amz-id-2":"id2","x-amz-request-id":"req"}""", json);
    }

    [Fact]
    public void Serialize_HtmlAndNonAsciiText_WritesThemUnescaped()
    {
        var response = new APIGatewayProxyResponse { StatusCode = 200, Body = "<p>café & 'quotes'</p>" };

        var json = _serializer.SerializeToString(response);

        Assert.Equal("""{"statusCode":200,"body":"<p>café & 'quotes'</p>","isBase64Encoded":false}""", json);
    }

    [Fact]
    public void Serialize_MemoryStreamAtEnd_WritesWholeContentAsBase64()
    {
        var payload = new Payload { Data = new MemoryStream(Encoding.UTF8.GetBytes("Hello")) };
        payload.Data.Position = payload.Data.Length;

        var json = _serializer.SerializeToString(payload);

        Assert.Equal("""{"Data":"SGVsbG8="}""", json);
    }

    [Fact]
    public void Deserialize_Base64String_ReadsMemoryStream()
    {
        var payload = _serializer.DeserializeFromString<Payload>("""{"data":"SGVsbG8="}""");

        Assert.Equal("Hello", Encoding.UTF8.GetString(payload.Data!.ToArray()));
        Assert.Equal(0, payload.Data.Position);
    }

    [Theory]
    [InlineData("""{"bytes":[1,2,255]}""")]
    [InlineData("""{"bytes":"AQL/"}""")]
    public void Deserialize_ByteArrayAsNumbersOrBase64_ReadsBytes(string json)
    {
        var payload = _serializer.DeserializeFromString<Payload>(json);

        Assert.Equal(new byte[] { 1, 2, 255 }, payload.Bytes);
    }

    [Fact]
    public void Serialize_ByteArray_WritesNumberArrayAsAwsDoes()
    {
        var json = _serializer.SerializeToString(new Payload { Bytes = [1, 2, 255] });

        Assert.Equal("""{"Bytes":[1,2,255]}""", json);
    }

    [Theory]
    [InlineData("""{"when":1583348638}""")]
    [InlineData("""{"when":"2020-03-04T19:03:58Z"}""")]
    public void Deserialize_DateTimeAsEpochSecondsOrIsoString_ReadsUtcInstant(string json)
    {
        var payload = _serializer.DeserializeFromString<Payload>(json);

        Assert.Equal(new DateTime(2020, 3, 4, 19, 3, 58, DateTimeKind.Utc), payload.When!.Value.ToUniversalTime());
    }

    [Fact]
    public void Deserialize_InvalidJson_ThrowsJsonSerializerExceptionNamingTheTargetType()
    {
        var exception = Assert.Throws<JsonSerializerException>(() => _serializer.DeserializeFromString<APIGatewayProxyRequest>("{not json"));

        Assert.StartsWith("Error converting the Lambda event JSON payload to type Amazon.Lambda.APIGatewayEvents.APIGatewayProxyRequest: ", exception.Message);
        Assert.IsType<System.Text.Json.JsonException>(exception.InnerException, exactMatch: false);
    }

    [Fact]
    public void Deserialize_UnquotedStringInput_ThrowsJsonSerializerExceptionExplainingQuoting()
    {
        var exception = Assert.Throws<JsonSerializerException>(() => _serializer.DeserializeFromString<string>("Hello World"));

        Assert.StartsWith("Error converting the Lambda event JSON payload to a string. JSON strings must be quoted, for example \"Hello World\" in order to be converted to a string: ", exception.Message);
    }

    [Fact]
    public void Serialize_PropertyThrows_ThrowsJsonSerializerExceptionNamingTheResponseType()
    {
        var exception = Assert.Throws<JsonSerializerException>(() => _serializer.SerializeToString(new Faulty()));

        Assert.Equal($"Error converting the response object of type {typeof(Faulty).FullName} from the Lambda function to JSON: boom", exception.Message);
    }

    [Fact]
    public void Constructor_Customizer_AppliesAfterDefaults()
    {
        var serializer = new DefaultLambdaJsonSerializer(options => options.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);

        var json = serializer.SerializeToString(new Order { OrderId = "o-1" });

        Assert.Equal("""{"order_id":"o-1","item_count":0}""", json);
    }

    public sealed class Order
    {
        public string? OrderId { get; set; }

        public int ItemCount { get; set; }

        public string? Note { get; set; }
    }

    public sealed class S3ResponseElements
    {
        public string? XAmzId2 { get; set; }

        public string? XAmzRequestId { get; set; }
    }

    public sealed class Payload
    {
        public MemoryStream? Data { get; set; }

        public byte[]? Bytes { get; set; }

        public DateTime? When { get; set; }
    }

    public sealed class Faulty
    {
        public string Value => throw new InvalidOperationException("boom");
    }
}
