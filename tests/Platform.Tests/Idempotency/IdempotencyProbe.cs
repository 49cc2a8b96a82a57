using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Faas.Platform.Tests.Common;

namespace Faas.Platform.Tests.Idempotency;

/// <summary>
/// Deploys and invokes the IdempotencyProbe fixture over HTTP: every run of the handler appends a line to
/// <c>{RunsDirectory}/{id}.runs</c>, so a test counts handler executions exactly.
/// </summary>
public sealed class IdempotencyProbe
{
    public const string RunHandler = "IdempotencyProbe::IdempotencyProbe.Functions::Run";

    public const string UrlHandler = "IdempotencyProbe::IdempotencyProbe.Functions::Url";

    private readonly PlatformFixture _platform;

    public IdempotencyProbe(PlatformFixture platform, string? runsDirectory = null)
    {
        _platform = platform;

        // Environments run as an unprivileged user when the tests run as root: the folder must be theirs to write.
        RunsDirectory = runsDirectory ?? Path.Combine(platform.RootDirectory, "runs");
        Directory.CreateDirectory(RunsDirectory);
        File.SetUnixFileMode(RunsDirectory, (UnixFileMode)0x1FF);
    }

    public string RunsDirectory { get; }

    public HttpClient Http => _platform.Http;

    /// <summary>How many times the handler ran for <paramref name="id"/>.</summary>
    public int Runs(string id)
    {
        var path = Path.Combine(RunsDirectory, $"{id}.runs");
        return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
    }

    /// <summary>Creates the probe function over the control API, then puts its idempotency config (when given).</summary>
    public async Task CreateAsync(string name, string? idempotencyConfig, string handler = RunHandler, int timeout = 10)
    {
        var create = JsonSerializer.Serialize(new
        {
            FunctionName = name,
            Runtime = "dotnet10",
            Handler = handler,
            Role = "arn:aws:iam::000000000000:role/lambda-role",
            Timeout = timeout,
            Code = new { ZipFile = Convert.ToBase64String(_platform.Zip("IdempotencyProbe")) },
            Environment = new { Variables = new Dictionary<string, string> { ["PROBE_RUNS_DIR"] = RunsDirectory } },
        });
        using (var created = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", create))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        if (idempotencyConfig is not null)
        {
            using var put = await PutConfigAsync(name, idempotencyConfig);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
    }

    public Task<HttpResponseMessage> PutConfigAsync(string name, string json)
        => SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/idempotency-config", json);

    /// <summary>Invokes through the Invoke API with an optional <c>Idempotency-Key</c> header.</summary>
    public async Task<InvokeAnswer> InvokeAsync(string name, object payload, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_platform.GatewayUri, $"/2015-03-31/functions/{name}/invocations"))
        {
            Content = Json(JsonSerializer.Serialize(payload)),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        using var response = await _platform.Http.SendAsync(request);
        return await InvokeAnswer.ReadAsync(response);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_platform.GatewayUri, path));
        if (json is not null)
        {
            request.Content = Json(json);
        }

        return await _platform.Http.SendAsync(request);
    }

    private static StringContent Json(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
