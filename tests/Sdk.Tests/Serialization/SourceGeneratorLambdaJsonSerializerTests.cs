using System.Text;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.KafkaEvents;
using Amazon.Lambda.Serialization.SystemTextJson;
using Amazon.Lambda.SQSEvents;

namespace Faas.Sdk.Tests.Serialization;

public class SourceGeneratorLambdaJsonSerializerTests
{
    private readonly SourceGeneratorLambdaJsonSerializer<TestSerializerContext> _serializer = new();

    [Fact]
    public void Deserialize_FunctionUrlEvent_ReadsCamelCaseWireNamesIntoPascalCaseProperties()
    {
        var request = _serializer.DeserializeFromString<APIGatewayHttpApiV2ProxyRequest>("""
            {"version":"2.0","rawPath":"/my/path","requestContext":{"http":{"method":"POST"},"timeEpoch":1583348638390},
             "headers":{"accept":"*/*"},"isBase64Encoded":false,"pathParameters":null}
            """);

        Assert.Equal("2.0", request.Version);
        Assert.Equal("/my/path", request.RawPath);
        Assert.Equal("POST", request.RequestContext.Http.Method);
        Assert.Equal(1583348638390, request.RequestContext.TimeEpoch);
        Assert.Equal("*/*", request.Headers["accept"]);
    }

    [Fact]
    public void Serialize_HttpApiV2Response_WritesWireNamesAndOmitsNulls()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse { StatusCode = 201, Body = "created" };

        var json = _serializer.SerializeToString(response);

        Assert.Equal("""{"statusCode":201,"body":"created","isBase64Encoded":false}""", json);
    }

    [Fact]
    public void SerializeDeserialize_KafkaEvent_KeepsBase64ValueAndNumberArrayHeaders()
    {
        var kafkaEvent = _serializer.DeserializeFromString<KafkaEvent>("""
            {"eventSource":"SelfManagedKafka","records":{"orders-0":[{"topic":"orders","partition":0,"offset":15,
              "value":"SGVsbG8=","headers":[{"headerKey":[104,-1]}]}]}}
            """);

        var json = _serializer.SerializeToString(kafkaEvent);

        var record = kafkaEvent.Records["orders-0"][0];
        Assert.Equal("Hello", Encoding.UTF8.GetString(record.Value.ToArray()));
        Assert.Equal(new sbyte[] { 104, -1 }, record.Headers[0]["headerKey"]);
        Assert.Contains("\"Value\":\"SGVsbG8=\"", json);
        Assert.Contains("\"Headers\":[{\"headerKey\":[104,-1]}]", json);
    }

    [Fact]
    public void Serialize_SqsBatchResponse_WritesWireNames()
    {
        var response = new SQSBatchResponse([new SQSBatchResponse.BatchItemFailure { ItemIdentifier = "m-1" }]);

        var json = _serializer.SerializeToString(response);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m-1"}]}""", json);
    }

    [Fact]
    public void Constructor_Customizer_AppliesToTheContextOptions()
    {
        var serializer = new SourceGeneratorLambdaJsonSerializer<TestSerializerContext>(
            options => options.PropertyNamingPolicy = new AwsNamingPolicy(System.Text.Json.JsonNamingPolicy.CamelCase));

        var json = serializer.SerializeToString(new KafkaEvent { EventSource = "aws:kafka" });

        Assert.Equal("""{"eventSource":"aws:kafka"}""", json);
    }

    [Fact]
    public void Serialize_TypeNotInContext_ThrowsJsonSerializerExceptionNamingTheType()
    {
        var exception = Assert.Throws<JsonSerializerException>(() => _serializer.SerializeToString(new Unregistered()));

        Assert.Equal(
            $"Error converting the response object of type {typeof(Unregistered).FullName} from the Lambda function to JSON: "
            + $"No JsonTypeInfo registered in {typeof(TestSerializerContext).FullName} for type {typeof(Unregistered).FullName}.",
            exception.Message);
    }

    [Fact]
    public void Deserialize_InvalidJson_ThrowsJsonSerializerExceptionNamingTheTargetType()
    {
        var exception = Assert.Throws<JsonSerializerException>(() => _serializer.DeserializeFromString<KafkaEvent>("""{"records":"""));

        Assert.StartsWith("Error converting the Lambda event JSON payload to type Amazon.Lambda.KafkaEvents.KafkaEvent: ", exception.Message);
    }

    public sealed class Unregistered
    {
        public int Value { get; set; }
    }
}
