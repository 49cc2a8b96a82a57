using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Faas.Benchmarks.Platform;

/// <summary>What a load run measured: completed requests per second and the latency of each request.</summary>
/// <remarks><see cref="Lateness"/>, for paced runs: how long after its due time each request's send began.</remarks>
internal sealed record LoadResult(double RequestsPerSecond, LatencyStats Latency, int Errors, IReadOnlyDictionary<int, int> StatusCounts, LatencyStats? Lateness = null);

/// <summary>
/// HTTP load from this process: closed loop (N connections, each sends its next request when the last one answered)
/// to find peak throughput, and open loop (requests sent at a fixed rate whatever the answers) to read latency at a
/// given load without the closed loop hiding queueing.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public LoadGenerator(int maxConnections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = maxConnections,
        })
        {
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Runs <paramref name="connections"/> request loops for <paramref name="duration"/>.</summary>
    public async Task<LoadResult> ClosedLoopAsync(Uri uri, byte[] payload, int connections, TimeSpan duration, int expectedStatus = 200)
    {
        var recorder = new Recorder(expectedStatus);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            loops[i] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    await SendAsync(uri, payload, recorder);
                }
            });
        }

        await Task.WhenAll(loops);
        return recorder.Result(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Sends requests at <paramref name="rate"/> per second for <paramref name="duration"/> without waiting for answers,
    /// evenly spaced by one pacing thread. Each latency runs from the moment its request was due, not from when it
    /// left, so a generator or a system that falls behind shows in the figures (coordinated omission corrected).
    /// </summary>
    public async Task<LoadResult> FixedRateAsync(Uri uri, byte[] payload, double rate, TimeSpan duration, int expectedStatus = 200)
    {
        var recorder = new Recorder(expectedStatus);
        var total = (int)(rate * duration.TotalSeconds);
        // Counted rather than kept: holding every send's task to the end would carry tens of thousands of finished
        // tasks through the collections of a process the platform shares.
        var remaining = total;
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (total == 0)
        {
            answered.SetResult();
        }

        var lateness = new double[total];
        var interval = Stopwatch.Frequency / rate;
        var started = Stopwatch.GetTimestamp();
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            try
            {
                Pacer.UseFineTimerSlack();
                for (var i = 0; i < total; i++)
                {
                    var due = started + (long)(i * interval);
                    Pacer.SleepUntil(due);
                    lateness[i] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                    // The send runs on this thread up to its first wait (the request written); answers complete elsewhere.
                    _ = SendCountedAsync(due);
                }

                paced.SetResult();
            }
            catch (Exception e)
            {
                paced.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Load pacer",
        };
        pacer.Start();
        await paced.Task;
        await answered.Task;
        return recorder.Result(Stopwatch.GetElapsedTime(started)) with { Lateness = LatencyStats.From(lateness) };

        async Task SendCountedAsync(long due)
        {
            try
            {
                await SendAsync(uri, payload, recorder, due);
            }
            finally
            {
                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    answered.SetResult();
                }
            }
        }
    }

    /// <summary>Sends <paramref name="count"/> requests one after another and returns their latencies.</summary>
    public async Task<LoadResult> SequentialAsync(Uri uri, byte[] payload, int count, int expectedStatus = 200)
    {
        var recorder = new Recorder(expectedStatus);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await SendAsync(uri, payload, recorder);
        }

        return recorder.Result(Stopwatch.GetElapsedTime(started));
    }

    public void Dispose() => _http.Dispose();

    private async Task SendAsync(Uri uri, byte[] payload, Recorder recorder, long? due = null)
    {
        var started = due ?? Stopwatch.GetTimestamp();
        int status;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = Json;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            await response.Content.LoadIntoBufferAsync();
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            status = 0;
        }

        recorder.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds, status);
    }

    private sealed class Recorder(int expectedStatus)
    {
        private readonly List<double> _latencies = new(100_000);
        private readonly Dictionary<int, int> _statuses = [];
        private int _errors;

        public void Add(double latencyMs, int status)
        {
            lock (_latencies)
            {
                _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
                if (status == expectedStatus)
                {
                    _latencies.Add(latencyMs);
                }
                else
                {
                    _errors++;
                }
            }
        }

        public LoadResult Result(TimeSpan elapsed)
        {
            lock (_latencies)
            {
                return new LoadResult(_latencies.Count / elapsed.TotalSeconds, LatencyStats.From(_latencies), _errors, new Dictionary<int, int>(_statuses));
            }
        }
    }
}
