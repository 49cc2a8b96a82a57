using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Faas.Host.Json;

namespace Faas.Host.RuntimeApi;

/// <summary>
/// Client of the Lambda Runtime API at <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01</c> (plus Faas's private
/// <c>/faas/specialize</c>). A 500 answer or a lost connection throws <see cref="RuntimeApiUnavailableException"/>.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue ErrorContentType = new(RuntimeApiHeaders.ErrorContentType);

    private readonly HttpClient _http;
    private readonly string _baseAddress;
    private readonly Uri _nextUri;
    private readonly Uri _initErrorUri;
    private readonly Uri _specializeUri;

    /// <summary>Creates a client for <paramref name="runtimeApi"/> (<c>host:port</c>).</summary>
    public RuntimeApiClient(string runtimeApi)
    {
        _baseAddress = "http://" + runtimeApi + "/2018-06-01";
        _nextUri = new Uri(_baseAddress + "/runtime/invocation/next");
        _initErrorUri = new Uri(_baseAddress + "/runtime/init/error");
        _specializeUri = new Uri(_baseAddress + "/faas/specialize");
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // The process may be frozen between invocations; keep the one loopback connection.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        _http = new HttpClient(handler)
        {
            // `next` and `specialize` are long polls: no client-side timeout (LAMBDA-COMPAT 1.2).
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>
    /// Long-polls <c>GET /faas/specialize</c>: the function's environment on 200, null on 410 (the cell must exit).
    /// </summary>
    public async Task<Dictionary<string, string>?> WaitForSpecializationAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _specializeUri);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            return null;
        }

        EnsureOk(response, "specialize");
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var body = await JsonSerializer.DeserializeAsync(stream, HostJsonContext.Default.SpecializeBody, cancellationToken).ConfigureAwait(false);
            return body?.Environment ?? [];
        }
        catch (IOException ex)
        {
            throw new RuntimeApiUnavailableException("The connection to the Runtime API was lost during specialize.", ex);
        }
        catch (JsonException ex)
        {
            throw new RuntimeApiUnavailableException("The specialize answer is not valid JSON.", ex);
        }
    }

    /// <summary>Long-polls <c>GET /runtime/invocation/next</c> and copies the event body into <paramref name="body"/> (cleared first).</summary>
    public async Task<NextInvocation> GetNextInvocationAsync(MemoryStream body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _nextUri);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        EnsureOk(response, "next");

        var headers = response.Headers.NonValidated;
        var requestId = Header(headers, RuntimeApiHeaders.RequestId)
            ?? throw new RuntimeApiUnavailableException("The next invocation has no " + RuntimeApiHeaders.RequestId + " header.");
        _ = long.TryParse(Header(headers, RuntimeApiHeaders.DeadlineMs), NumberStyles.Integer, CultureInfo.InvariantCulture, out var deadline);

        body.SetLength(0);
        if (response.Content.Headers.ContentLength is long length && length > body.Capacity)
        {
            body.Capacity = (int)Math.Min(length, int.MaxValue);
        }

        try
        {
            await response.Content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RuntimeApiUnavailableException("The connection to the Runtime API was lost while reading the event.", ex);
        }

        body.Position = 0;
        return new NextInvocation
        {
            RequestId = requestId,
            DeadlineMs = deadline,
            InvokedFunctionArn = Header(headers, RuntimeApiHeaders.InvokedFunctionArn),
            TraceId = Header(headers, RuntimeApiHeaders.TraceId),
            ClientContextJson = Header(headers, RuntimeApiHeaders.ClientContext),
            CognitoIdentityJson = Header(headers, RuntimeApiHeaders.CognitoIdentity),
            TenantId = Header(headers, RuntimeApiHeaders.TenantId),
        };
    }

    /// <summary>Posts the function's output to <c>/runtime/invocation/{id}/response</c>; false when the API rejected it (4xx).</summary>
    public async Task<bool> PostResponseAsync(string requestId, HttpContent content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, InvocationUri(requestId, "/response")) { Content = content };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Accepted(response);
    }

    /// <summary>Posts an invocation error to <c>/runtime/invocation/{id}/error</c>; false when the API rejected it (4xx).</summary>
    public async Task<bool> PostErrorAsync(string requestId, string errorType, ReadOnlyMemory<byte> errorJson, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, InvocationUri(requestId, "/error")) { Content = ErrorContent(errorJson) };
        request.Headers.TryAddWithoutValidation(RuntimeApiHeaders.FunctionErrorType, errorType);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Accepted(response);
    }

    /// <summary>Posts an init error to <c>/runtime/init/error</c>; false when the API rejected it (4xx).</summary>
    public async Task<bool> PostInitErrorAsync(string errorType, ReadOnlyMemory<byte> errorJson, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _initErrorUri) { Content = ErrorContent(errorJson) };
        request.Headers.TryAddWithoutValidation(RuntimeApiHeaders.FunctionErrorType, errorType);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Accepted(response);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static ReadOnlyMemoryContent ErrorContent(ReadOnlyMemory<byte> errorJson)
    {
        var content = new ReadOnlyMemoryContent(errorJson);
        content.Headers.ContentType = ErrorContentType;
        return content;
    }

    private Uri InvocationUri(string requestId, string suffix)
        => new(string.Concat(_baseAddress, "/runtime/invocation/", Uri.EscapeDataString(requestId), suffix));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RuntimeApiUnavailableException("The connection to the Runtime API was lost (" + request.RequestUri!.AbsolutePath + ").", ex);
        }

        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            response.Dispose();
            throw new RuntimeApiUnavailableException("The Runtime API answered 500 to " + request.RequestUri!.AbsolutePath + ".");
        }

        return response;
    }

    private static void EnsureOk(HttpResponseMessage response, string call)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RuntimeApiUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"The Runtime API answered {(int)response.StatusCode} to {call}."));
        }
    }

    private static bool Accepted(HttpResponseMessage response) => response.IsSuccessStatusCode;

    private static string? Header(HttpHeadersNonValidated headers, string name)
    {
        if (headers.TryGetValues(name, out var values))
        {
            var value = values.ToString();
            return value.Length == 0 ? null : value;
        }

        return null;
    }
}
