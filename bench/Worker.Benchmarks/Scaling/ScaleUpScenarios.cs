using System.Diagnostics;
using Confluent.Kafka;
using Faas.Cli.Up;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks.Scaling;

/// <summary>
/// Autoscaling on Kafka lag: time from the produce that takes a watched consumer group's lag over the activation
/// threshold (acknowledged by the broker) to the scaler's scale-up decision being readable from its grain, with the
/// platform's default settings (sample every second, activation above 0 records). Floor: within 2 s (issue 4; KEDA
/// polls every 30 s by default).
/// </summary>
internal sealed class ScaleUpScenarios(Report report)
{
    private const int Repetitions = 10;
    private const double TargetMs = 2000;
    private static readonly TimeSpan DecisionTimeout = TimeSpan.FromSeconds(30);

    public async Task RunAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"faas-bench-scaling-{Guid.NewGuid():N}");
        try
        {
            await using var platform = await LocalPlatform.StartAsync(new LocalPlatformOptions { Port = 0, DataDirectory = dataDirectory }, static logging => logging.ClearProviders());
            var grains = platform.Services.GetRequiredService<IGrainFactory>();
            using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = platform.KafkaBootstrapServers, Acks = Acks.All }).Build();

            Progress("scaling: lag crossing the activation threshold to the scale-up decision");
            var samples = new List<double>(Repetitions);
            var random = new Random(42);
            for (var i = 0; i < Repetitions; i++)
            {
                samples.Add(await MeasureOnceAsync(grains, producer, platform.KafkaBootstrapServers, random));
            }

            var stats = LatencyStats.From(samples);
            report.Bounded("Lag over threshold to scale-up decision, median", Report.Ms(stats.Median), $"≤ {TargetMs:F0} ms", $"min {Report.Ms(stats.Min)}", stats.Median, TargetMs);
            report.Bounded("Lag over threshold to scale-up decision, max", Report.Ms(stats.Max), $"≤ {TargetMs:F0} ms", "KEDA default polling: 30 s", stats.Max, TargetMs);
            report.Note($"Scale-up decision: {Repetitions} repetitions, each on a new topic (4 partitions) and consumer group registered as a scale target and sampled "
                + "at zero first; then one record is produced (acks=all) after a random pause, so the produce falls anywhere in the 1 s sample period. "
                + "Time runs from the broker's acknowledgement to the first GetDecisionAsync (polled every 5 ms) answering more than 0 pollers. "
                + $"Default settings: SampleInterval 1 s, ActivationLag 0, LagPerPoller 100; embedded broker at {platform.KafkaBootstrapServers}.");
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The OS cleans the temp folder.
            }
        }
    }

    private static async Task<double> MeasureOnceAsync(IGrainFactory grains, IProducer<Null, byte[]> producer, string bootstrapServers, Random random)
    {
        var topic = $"bench-scale-{Guid.NewGuid():N}";
        var target = new KafkaScaleTarget
        {
            Id = Guid.NewGuid().ToString(),
            BootstrapServers = bootstrapServers,
            ConsumerGroup = $"group-{topic}",
            Topics = [topic],
        };
        var scaler = grains.GetGrain<IKafkaScalerGrain>(target.Id);

        // The topic exists (the mock cluster creates it on a metadata request) and the scaler has decided 0 on it.
        await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, byte[]> { Value = [] });
        using (var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = target.ConsumerGroup }).Build())
        {
            consumer.Commit([new TopicPartitionOffset(topic, 0, 1)]);
        }

        await scaler.WatchAsync(target);
        await WaitAsync(async () => await scaler.GetDecisionAsync() is { DesiredPollers: 0 });
        await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1000)));

        try
        {
            await producer.ProduceAsync(new TopicPartition(topic, 1), new Message<Null, byte[]> { Value = [] });
            var acknowledged = Stopwatch.GetTimestamp();
            await WaitAsync(async () => await scaler.GetDecisionAsync() is { DesiredPollers: > 0 });
            return Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds;
        }
        finally
        {
            await scaler.UnwatchAsync();
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > DecisionTimeout)
            {
                throw new TimeoutException($"No decision within {DecisionTimeout}.");
            }

            await Task.Delay(5);
        }
    }

    private static void Progress(string scenario) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario}...");
}
