using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Platform.Tests.Common;

/// <summary>
/// A loopback HTTP server the test functions report to: each run posts its event as it starts and says when it ends,
/// so a test counts runs per event and the most that ran at once.
/// </summary>
public sealed class RunProbe : IAsyncDisposable
{
    /// <summary>
    /// The handler: reports the event, sleeps <c>$DELAY</c> seconds, reports the end, then fails (the runtime exits,
    /// Lambda's <c>Runtime.ExitError</c>) when <c>$FAIL</c> is 1, else answers <c>{"ok":true}</c>.
    /// </summary>
    public const string Script = """
        handler () {
          curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/enter" --data-binary "$1" >/dev/null
          sleep "${DELAY:-0}"
          curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/leave" >/dev/null
          if [ "${FAIL:-0}" = 1 ]; then exit 1; fi
          echo '{"ok":true}'
        }
        """;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _events = new();
    private int _inFlight;
    private int _maxInFlight;

    private RunProbe(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>The most runs in progress at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Runs in progress now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The events of every run so far, in the order they started.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    /// <summary>How many runs had an event whose <c>id</c> is <paramref name="id"/>.</summary>
    public int Runs(string id) => Events.Count(e => IdOf(e) == id);

    /// <summary>The distinct <c>id</c>s of the events that ran.</summary>
    public HashSet<string> DistinctIds() => [.. Events.Select(IdOf).OfType<string>()];

    /// <summary>The environment variables a function needs to report here, plus any given.</summary>
    public string Environment(string extra = "") => $"Variables={{PROBE_PORT={Port}{(extra.Length == 0 ? "" : "," + extra)}}}";

    public static async Task<RunProbe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var probe = new RunProbe(app);
        app.MapPost("/enter", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            probe._events.Enqueue(await reader.ReadToEndAsync());
            var now = Interlocked.Increment(ref probe._inFlight);
            int max;
            while (now > (max = Volatile.Read(ref probe._maxInFlight)) && Interlocked.CompareExchange(ref probe._maxInFlight, now, max) != max)
            {
            }

            return Results.Ok();
        });
        app.MapPost("/leave", () =>
        {
            Interlocked.Decrement(ref probe._inFlight);
            return Results.Ok();
        });
        await app.StartAsync();
        probe.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return probe;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out after {timeout}: {describe()}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string? IdOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
