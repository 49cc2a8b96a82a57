using Confluent.Kafka;
using Faas.Gateway.Kafka;

namespace Faas.Gateway.Tests.EventSources;

public sealed class EmbeddedKafkaBrokerPartitionsTests
{
    [Fact]
    public void CreateTopic_EightPartitions_MetadataShowsEightAndASecondCreateIsRefused()
    {
        using var broker = EmbeddedKafkaBroker.Start();

        var created = broker.CreateTopic("eight", 8);
        var again = broker.CreateTopic("eight", 8);

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var metadata = admin.GetMetadata("eight", TimeSpan.FromSeconds(10));
        Assert.True(created);
        Assert.False(again);
        Assert.Equal(8, Assert.Single(metadata.Topics).Partitions.Count);
    }
}
