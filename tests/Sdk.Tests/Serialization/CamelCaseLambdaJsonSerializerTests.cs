using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.Serialization;

public class CamelCaseLambdaJsonSerializerTests
{
    private readonly CamelCaseLambdaJsonSerializer _serializer = new();

    [Fact]
    public void Serialize_Poco_WritesCamelCaseNamesAndOmitsNulls()
    {
        var json = _serializer.SerializeToString(new Order { OrderId = "o-1", ItemCount = 3 });

        Assert.Equal("""{"orderId":"o-1","itemCount":3}""", json);
    }

    [Fact]
    public void Serialize_AmzHeaderProperty_UsesAwsNameNotCamelCase()
    {
        var json = _serializer.SerializeToString(new Headers { XAmzRequestId = "req" });

        Assert.Equal("""{"x-amz-request-id":"req"}""", json);
    }

    [Fact]
    public void Deserialize_PascalCaseJson_MatchesPropertiesCaseInsensitively()
    {
        var order = _serializer.DeserializeFromString<Order>("""{"OrderId":"o-1","ItemCount":3}""");

        Assert.Equal("o-1", order.OrderId);
        Assert.Equal(3, order.ItemCount);
    }

    public sealed class Order
    {
        public string? OrderId { get; set; }

        public int ItemCount { get; set; }

        public string? Note { get; set; }
    }

    public sealed class Headers
    {
        public string? XAmzRequestId { get; set; }
    }
}
