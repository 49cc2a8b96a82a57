using System.Text.Json;
using Faas.Platform.Tests.Invoke;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.EventSources;

/// <summary>What the event source tests share: mappings made with the AWS CLI on the fixture's broker, and a probe function.</summary>
public abstract class EventSourceTestBase(EventSourceFixture sources, ITestOutputHelper output) : InvokeTestBase(sources.Platform, output)
{
    /// <summary>Upper bound of any wait for records to be processed.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The probe handler (see <see cref="Common.RunProbe"/>): reports its event, sleeps <c>$DELAY</c>, and fails (the
    /// runtime exits) when the batch holds a record whose value starts with <c>poison</c> (base64 <c>cG9pc29u</c>).
    /// </summary>
    protected const string ProbeScript = """
        handler () {
          curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/enter" --data-binary "$1" >/dev/null
          sleep "${DELAY:-0}"
          curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/leave" >/dev/null
          case "$1" in *'"value":"cG9pc29u'*) exit 1;; esac
          echo '{"ok":true}'
        }
        """;

    protected EventSourceFixture Sources { get; } = sources;

    protected string Brokers => Sources.Kafka.BootstrapServers;

    /// <summary>Creates a mapping of <paramref name="topic"/> to <paramref name="function"/> with the AWS CLI (TRIM_HORIZON unless given); returns its configuration.</summary>
    protected async Task<JsonElement> CreateMappingAsync(string function, string topic, params string[] extra)
    {
        List<string> args = ["create-event-source-mapping", "--function-name", function, "--topics", topic,
            "--self-managed-event-source", $$$"""{"Endpoints":{"KAFKA_BOOTSTRAP_SERVERS":["{{{Brokers}}}"]}}"""];
        if (!extra.Contains("--starting-position"))
        {
            args.AddRange(["--starting-position", "TRIM_HORIZON"]);
        }

        var created = await LambdaOkAsync([.. args, .. extra]);
        return created!.Value;
    }

    /// <summary>Gets a mapping with the AWS CLI.</summary>
    protected async Task<JsonElement> GetMappingAsync(string uuid) => (await LambdaOkAsync("get-event-source-mapping", "--uuid", uuid))!.Value;

    /// <summary>Waits until the mapping reports <paramref name="state"/>.</summary>
    protected async Task WaitForStateAsync(string uuid, string state)
    {
        var until = DateTime.UtcNow + Wait;
        while ((await GetMappingAsync(uuid)).GetProperty("State").GetString() != state)
        {
            Assert.True(DateTime.UtcNow < until, $"mapping {uuid} did not reach {state}");
            await Task.Delay(200);
        }
    }
}
