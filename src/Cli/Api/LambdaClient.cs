using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Cli.CommandLine;

namespace Faas.Cli.Api;

/// <summary>
/// Lambda's control and Invoke APIs, called on the paths and with the JSON the AWS CLI uses (LAMBDA-COMPAT §2, §3),
/// plus Faas's function logs API. Error answers become <see cref="LambdaApiException"/>; an unreachable endpoint a
/// <see cref="CliException"/>.
/// </summary>
internal sealed class LambdaClient(HttpClient http, Uri endpoint) : IDisposable
{
    /// <summary>The base address requests go to.</summary>
    public Uri Endpoint { get; } = endpoint;

    /// <summary>CreateFunction; answers the new FunctionConfiguration.</summary>
    public Task<JsonElement> CreateFunctionAsync(JsonObject request, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, "2015-03-31/functions", request, cancellationToken);

    /// <summary>GetFunction; null when the function (or qualifier) does not exist.</summary>
    public async Task<JsonElement?> GetFunctionAsync(string name, string? qualifier, CancellationToken cancellationToken)
    {
        try
        {
            return await SendJsonAsync(HttpMethod.Get, $"2015-03-31/functions/{Escape(name)}{Query("Qualifier", qualifier)}", null, cancellationToken);
        }
        catch (LambdaApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>UpdateFunctionCode with a zip; answers the FunctionConfiguration.</summary>
    public Task<JsonElement> UpdateFunctionCodeAsync(string name, byte[] zip, bool publish, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Put, $"2015-03-31/functions/{Escape(name)}/code",
            new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip), ["Publish"] = publish }, cancellationToken);

    /// <summary>UpdateFunctionConfiguration; answers the FunctionConfiguration.</summary>
    public Task<JsonElement> UpdateFunctionConfigurationAsync(string name, JsonObject request, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Put, $"2015-03-31/functions/{Escape(name)}/configuration", request, cancellationToken);

    /// <summary>PutFunctionConcurrency.</summary>
    public Task<JsonElement> PutFunctionConcurrencyAsync(string name, int reserved, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Put, $"2017-10-31/functions/{Escape(name)}/concurrency",
            new JsonObject { ["ReservedConcurrentExecutions"] = reserved }, cancellationToken);

    /// <summary>PutFunctionIdempotencyConfig (Faas): replaces the function's idempotency config.</summary>
    public Task<JsonElement> PutIdempotencyConfigAsync(string name, JsonObject config, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Put, $"2015-03-31/functions/{Escape(name)}/idempotency-config", config, cancellationToken);

    /// <summary>DeleteFunctionIdempotencyConfig (Faas); a function without one is left as it is.</summary>
    public async Task DeleteIdempotencyConfigAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await SendJsonAsync(HttpMethod.Delete, $"2015-03-31/functions/{Escape(name)}/idempotency-config", null, cancellationToken);
        }
        catch (LambdaApiException e) when (e.IsNotFound)
        {
            // Nothing to remove.
        }
    }

    /// <summary>PublishVersion; answers the new version's FunctionConfiguration.</summary>
    public Task<JsonElement> PublishVersionAsync(string name, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, $"2015-03-31/functions/{Escape(name)}/versions", new JsonObject(), cancellationToken);

    /// <summary>DeleteFunction, of the whole function or of one version.</summary>
    public Task DeleteFunctionAsync(string name, string? qualifier, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Delete, $"2015-03-31/functions/{Escape(name)}{Query("Qualifier", qualifier)}", null, cancellationToken);

    /// <summary>ListFunctions, every page (following <c>NextMarker</c>).</summary>
    public async IAsyncEnumerable<JsonElement> ListFunctionsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? marker = null;
        do
        {
            var page = await SendJsonAsync(HttpMethod.Get, $"2015-03-31/functions?MaxItems=50{Query("Marker", marker, first: false)}", null, cancellationToken);
            if (page.TryGetProperty("Functions", out var functions) && functions.ValueKind == JsonValueKind.Array)
            {
                foreach (var function in functions.EnumerateArray())
                {
                    yield return function;
                }
            }

            marker = page.TryGetProperty("NextMarker", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    /// <summary>ListVersionsByFunction, every page.</summary>
    public async Task<List<JsonElement>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        var versions = new List<JsonElement>();
        string? marker = null;
        do
        {
            var page = await SendJsonAsync(HttpMethod.Get, $"2015-03-31/functions/{Escape(name)}/versions?MaxItems=50{Query("Marker", marker, first: false)}", null, cancellationToken);
            if (page.TryGetProperty("Versions", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                versions.AddRange(list.EnumerateArray());
            }

            marker = page.TryGetProperty("NextMarker", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(marker));
        return versions;
    }

    /// <summary>A synchronous Invoke (<c>RequestResponse</c>), with the log tail when <paramref name="tail"/> is set.</summary>
    public async Task<InvokeResult> InvokeAsync(string name, string? qualifier, byte[] payload, bool tail, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Address($"2015-03-31/functions/{Escape(name)}/invocations{Query("Qualifier", qualifier)}"));
        request.Content = new ByteArrayContent(payload);
        request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "RequestResponse");
        request.Headers.TryAddWithoutValidation("X-Amz-Log-Type", tail ? "Tail" : "None");
        using var response = await SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ErrorOf(response, body);
        }

        var log = Header(response, "X-Amz-Log-Result") is { } encoded ? DecodeLog(encoded) : null;
        return new InvokeResult((int)response.StatusCode, body, Header(response, "X-Amz-Function-Error"), Header(response, "X-Amz-Executed-Version"), log,
            Header(response, "x-amzn-RequestId"));
    }

    /// <summary>Faas's function logs API: lines at or after <paramref name="sinceMs"/>, continuing from <paramref name="nextToken"/>.</summary>
    public Task<JsonElement> GetLogsAsync(string name, long? sinceMs, string? nextToken, int? limit, CancellationToken cancellationToken)
    {
        var query = new StringBuilder();
        if (sinceMs is { } since)
        {
            query.Append(CultureInfo.InvariantCulture, $"&since={since}");
        }

        if (limit is { } max)
        {
            query.Append(CultureInfo.InvariantCulture, $"&limit={max}");
        }

        if (!string.IsNullOrEmpty(nextToken))
        {
            query.Append("&nextToken=").Append(Uri.EscapeDataString(nextToken));
        }

        var path = $"faas/2026-01-01/functions/{Escape(name)}/logs" + (query.Length > 0 ? "?" + query.ToString(1, query.Length - 1) : "");
        return SendJsonAsync(HttpMethod.Get, path, null, cancellationToken);
    }

    /// <summary>Faas's scaling status: every target scaled on Kafka lag (<c>GET /faas/2026-01-01/scaling</c>).</summary>
    public Task<JsonElement> GetScalingAsync(CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Get, "faas/2026-01-01/scaling", null, cancellationToken);

    private async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Address(path));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ErrorOf(response, bytes);
        }

        if (bytes.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new CliException($"the endpoint {Endpoint} answered {method} /{path} with something other than JSON; is it a Faas gateway?");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new CliException($"cannot reach {Endpoint} ({e.InnerException?.Message ?? e.Message}); start a platform with 'faas up' or set --endpoint");
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"request to {Endpoint} failed: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"{Endpoint} did not answer in {http.Timeout.TotalSeconds:F0} s");
        }
    }

    private Uri Address(string path) => new(Endpoint, path);

    private static LambdaApiException ErrorOf(HttpResponseMessage response, byte[] body)
    {
        // Clients split the type at ':' (and '#'), as botocore does.
        var type = Header(response, "x-amzn-ErrorType") is { } header ? header.Split(':')[0].Split('#')[^1] : null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                message = String(root, "message") ?? String(root, "Message") ?? String(root, "errorMessage");
                type ??= String(root, "__type") ?? String(root, "code") ?? String(root, "Code");
            }
        }
        catch (JsonException)
        {
            message = body.Length is > 0 and < 300 ? Encoding.UTF8.GetString(body).Trim() : null;
        }

        var status = (int)response.StatusCode;
        return new LambdaApiException(status, type ?? $"HTTP {status}", message ?? response.ReasonPhrase ?? $"HTTP {status}");
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string DecodeLog(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return base64;
        }
    }

    // The SDKs encode the whole label: ':' of a qualified name or ARN, '$' of $LATEST.
    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static string Query(string name, string? value, bool first = true) =>
        string.IsNullOrEmpty(value) ? "" : $"{(first ? '?' : '&')}{name}={Uri.EscapeDataString(value)}";

    public void Dispose() => http.Dispose();

    /// <summary>A client for the endpoint, signing requests with the environment's AWS credentials.</summary>
    public static LambdaClient Create(Uri endpoint, TimeSpan timeout)
    {
        var handler = new SigV4Handler(AwsCredentials.FromEnvironment(), TimeProvider.System)
        {
            InnerHandler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = TimeSpan.FromSeconds(10) },
        };
        return new LambdaClient(new HttpClient(handler) { Timeout = timeout }, endpoint);
    }
}
