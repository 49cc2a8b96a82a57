using Confluent.Kafka;

namespace Faas.Gateway.Kafka;

/// <summary>Writes whose records must not be lost: a destination record, an event forwarded to a function's queue.</summary>
internal static class KafkaWrites
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="write"/> until the brokers take it (1 s doubling to 30 s between tries, each refusal told to
    /// <paramref name="refused"/>) or <paramref name="cancellationToken"/> stops it: the caller's work stays uncommitted
    /// meanwhile, so the record is never lost.
    /// </summary>
    public static async Task UntilWrittenAsync(Func<CancellationToken, Task> write, Action<string, TimeSpan> refused, TimeProvider time, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                await write(cancellationToken);
                return;
            }
            catch (KafkaException exception)
            {
                refused(exception.Error.Reason, delay);
                await Task.Delay(delay, time, cancellationToken);
                delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
            }
        }
    }
}
