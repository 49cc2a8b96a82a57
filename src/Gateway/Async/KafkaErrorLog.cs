using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Faas.Gateway.Async;

/// <summary>
/// Decides which client errors are worth a warning. librdkafka reports the same error again on every reconnect attempt
/// (several a second while the brokers are unreachable); each error code is warned about once a minute, and its
/// repeats in between go to the debug log.
/// </summary>
internal sealed class KafkaErrorLog(TimeProvider time)
{
    private static readonly TimeSpan RepeatInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<ErrorCode, long> _lastWarned = [];

    /// <summary>True when an error with <paramref name="code"/> was not warned about in the last minute.</summary>
    public bool ShouldWarn(ErrorCode code)
    {
        var now = time.GetTimestamp();
        lock (_lastWarned)
        {
            if (_lastWarned.TryGetValue(code, out var last) && time.GetElapsedTime(last, now) < RepeatInterval)
            {
                return false;
            }

            _lastWarned[code] = now;
            return true;
        }
    }
}
