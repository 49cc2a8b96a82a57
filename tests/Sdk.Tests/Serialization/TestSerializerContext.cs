using System.Text.Json.Serialization;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.KafkaEvents;
using Amazon.Lambda.SQSEvents;

namespace Faas.Sdk.Tests.Serialization;

/// <summary>A source-generated context like the one an AOT-compiled function declares.</summary>
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyResponse))]
[JsonSerializable(typeof(KafkaEvent))]
[JsonSerializable(typeof(SQSBatchResponse))]
public partial class TestSerializerContext : JsonSerializerContext;
