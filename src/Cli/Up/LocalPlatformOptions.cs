using Faas.Gateway;
using Faas.Gateway.Kafka;
using Faas.Scheduler;
using Faas.Worker;

namespace Faas.Cli.Up;

/// <summary>How <c>faas up</c> (and the end-to-end tests) compose a single-node platform.</summary>
public sealed class LocalPlatformOptions
{
    /// <summary>Port of the gateway; 0 picks a free port.</summary>
    public int Port { get; set; } = 9000;

    /// <summary>Address the gateway binds to; workers and the silo stay on loopback.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Root folder of the platform's state: <c>packages/</c>, <c>scheduler/</c>, <c>worker/</c>.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>Redis connection string for the function registry and idempotency records; empty keeps them in local files and memory.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Kafka brokers (<c>host:port,...</c>) for asynchronous invocation; empty starts the embedded broker.</summary>
    public string Kafka { get; set; } = "";

    /// <summary>An embedded broker to use (and leave running) when <see cref="Kafka"/> is empty, so queued events outlive a restart of the platform; null starts one owned by the platform.</summary>
    public EmbeddedKafkaBroker? EmbeddedKafka { get; set; }

    /// <summary>Further worker settings, applied after the platform's.</summary>
    public Action<WorkerOptions>? ConfigureWorker { get; set; }

    /// <summary>
    /// Whether the gateway hands invocations to the co-hosted worker in process (the default) rather than over its
    /// loopback HTTP listener, as a gateway on another node must; other workers are always reached over HTTP.
    /// </summary>
    public bool InProcessWorkerCalls { get; set; } = true;

    /// <summary>Further scheduler settings, applied after the platform's.</summary>
    public Action<SchedulerOptions>? ConfigureScheduler { get; set; }

    /// <summary>Further gateway settings, applied after the platform's.</summary>
    public Action<GatewayOptions>? ConfigureGateway { get; set; }

    private static string DefaultDataDirectory()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "faas");
    }
}
