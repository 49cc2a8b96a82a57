using Amazon.Lambda.Serialization.SystemTextJson;
using Amazon.Lambda.SQSEvents;

namespace Faas.Sdk.Tests.SQSEvents;

public class SQSBatchResponseTests
{
    [Fact]
    public void Serialize_Failures_WritesBatchItemFailuresShape()
    {
        var response = new SQSBatchResponse();
        response.BatchItemFailures.Add(new SQSBatchResponse.BatchItemFailure { ItemIdentifier = "id-1" });
        response.BatchItemFailures.Add(new SQSBatchResponse.BatchItemFailure { ItemIdentifier = "id-2" });

        var json = new DefaultLambdaJsonSerializer().SerializeToString(response);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"id-1"},{"itemIdentifier":"id-2"}]}""", json);
    }

    [Fact]
    public void Serialize_NoFailures_WritesEmptyList()
    {
        var json = new CamelCaseLambdaJsonSerializer().SerializeToString(new SQSBatchResponse());

        Assert.Equal("""{"batchItemFailures":[]}""", json);
    }
}
