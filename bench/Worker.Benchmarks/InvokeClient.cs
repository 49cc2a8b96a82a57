using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Faas.Benchmarks;

/// <summary>One keep-alive HTTP/1.1 connection per server, shared by every scenario, so they pay the same client costs.</summary>
internal sealed class InvokeClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = 1,
    })
    {
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Posts one payload and reads the whole response; throws unless the status is 200.</summary>
    public async Task<InvokeSample> PostAsync(Uri uri, byte[] payload)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = Json;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST {uri} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        var workerMs = response.Headers.TryGetValues("X-Faas-Duration-Ms", out var values)
            && double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
        return new InvokeSample(elapsedMs, workerMs, body);
    }

    /// <summary>Sends <paramref name="count"/> requests one after the other and keeps every round trip.</summary>
    public async Task<SampleSet> RunSequentialAsync(Uri uri, byte[] payload, int count)
    {
        var set = new SampleSet(count);
        for (var i = 0; i < count; i++)
        {
            set.Add(await PostAsync(uri, payload));
        }

        return set;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>One request: client round trip, the worker's own duration header (NaN for the floor) and the body.</summary>
internal readonly record struct InvokeSample(double RoundTripMs, double WorkerDurationMs, byte[] Body);

/// <summary>Round trips and worker durations of many requests.</summary>
internal sealed class SampleSet(int capacity)
{
    public List<double> RoundTripMs { get; } = new(capacity);

    public List<double> WorkerDurationMs { get; } = new(capacity);

    public void Add(InvokeSample sample)
    {
        RoundTripMs.Add(sample.RoundTripMs);
        if (!double.IsNaN(sample.WorkerDurationMs))
        {
            WorkerDurationMs.Add(sample.WorkerDurationMs);
        }
    }

    public void AddRange(SampleSet other)
    {
        RoundTripMs.AddRange(other.RoundTripMs);
        WorkerDurationMs.AddRange(other.WorkerDurationMs);
    }
}
