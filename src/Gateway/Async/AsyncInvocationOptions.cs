namespace Faas.Gateway.Async;

/// <summary>Asynchronous invocation (<c>X-Amz-Invocation-Type: Event</c>), bound from <c>Gateway:Async</c>.</summary>
public sealed class AsyncInvocationOptions
{
    /// <summary>Topic accepted events are written to.</summary>
    public string Topic { get; set; } = "faas-async-invocations";

    /// <summary>Topic events waiting for another attempt are written to, so the accepted topic's commits never wait on a retry delay.</summary>
    public string RetryTopic { get; set; } = "faas-async-retries";

    /// <summary>Partitions of the topics the platform creates (the embedded broker always makes 4).</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Consumer group of the dispatchers; every gateway of one platform uses the same group, so each event goes to one of them.</summary>
    public string ConsumerGroup { get; set; } = "faas-async-dispatcher";

    /// <summary>Largest event payload in bytes accepted for asynchronous invocation (Lambda's long-standing limit, 256 KB; at most 1 MiB, which the brokers' message size must allow).</summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>Longest an Invoke call waits for Kafka to confirm the write before answering ServiceException.</summary>
    public TimeSpan AcceptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events one dispatcher holds at once (running, waiting for a retry time or for concurrency); beyond it, consumption pauses.</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>Invocations one dispatcher runs at once per function without reserved concurrency (with it, the reserved value).</summary>
    public int MaxConcurrencyPerFunction { get; set; } = 32;

    /// <summary>Delay before the second attempt after a function error; it doubles for the third (Lambda waits about 1 then 2 minutes).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First delay after a throttle or a system error; it doubles each time, up to <see cref="ThrottleRetryMaxDelay"/>.</summary>
    public TimeSpan ThrottleRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts of a throttled event (Lambda: 5 minutes).</summary>
    public TimeSpan ThrottleRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The dispatcher's consumer-group session timeout: a dispatcher silent this long (a crashed gateway) loses its
    /// partitions to the others, and a restarted one gets them back no sooner. Heartbeats come from the Kafka client's own
    /// thread, so a short timeout costs no false alarms during pauses of the .NET runtime; Kafka's default is 45 s.
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher commits the offsets behind completed work.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
