using System.Globalization;
using System.Text;
using System.Text.Json;
using Faas.Host.Json;

namespace Faas.Host.RuntimeApi;

/// <summary>
/// Client of the Lambda Runtime API at <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01</c> (plus Faas's private
/// <c>/faas/specialize</c>) over one kept-alive <see cref="RuntimeApiConnection"/>, on TCP or on the Unix socket
/// <c>$FAAS_RUNTIME_API_SOCKET</c> (<see cref="Create"/>). A 500 answer or a lost connection
/// throws <see cref="RuntimeApiUnavailableException"/>. One call at a time; calls block the caller's thread and return
/// completed tasks (only a handler's response stream can make one complete later).
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    // Request ids are UUIDs and error types are type names; anything far longer is not the worker talking.
    private const int MaxRequestIdLength = 1024;
    private const int MaxErrorTypeLength = 1024;

    // HTTP status codes the client tells apart (HttpStatusCode lives in System.Net.Primitives, which the host avoids).
    private const int StatusOk = 200;
    private const int StatusGone = 410;
    private const int StatusInternalServerError = 500;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly RuntimeApiConnection _connection;
    private bool _nextPipelined;
    private readonly byte[] _nextRequest;
    private readonly byte[] _specializeRequest;
    private readonly byte[] _hostLine;

    /// <summary>The variable naming a Unix socket that serves the same Runtime API as <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public const string SocketVariable = "FAAS_RUNTIME_API_SOCKET";

    /// <summary>
    /// The client of the environment: on the Unix socket <paramref name="socketPath"/> when it is set (no fallback to
    /// TCP), else on TCP to <paramref name="runtimeApi"/>. The <c>Host</c> header is <paramref name="runtimeApi"/>, or
    /// <c>localhost</c> without it. Throws <see cref="ArgumentException"/> for an invalid value and when both are null.
    /// </summary>
    public static RuntimeApiClient Create(string? runtimeApi, string? socketPath)
    {
        if (socketPath is not null)
        {
            return new RuntimeApiClient(RuntimeApiUnixEndPoint.Parse(socketPath), runtimeApi ?? "localhost");
        }

        return runtimeApi is not null
            ? new RuntimeApiClient(runtimeApi)
            : throw new ArgumentException("Neither AWS_LAMBDA_RUNTIME_API nor " + SocketVariable + " is set.", nameof(runtimeApi));
    }

    /// <summary>Creates a client for <paramref name="runtimeApi"/> (<c>host:port</c>); nothing is connected yet.</summary>
    public RuntimeApiClient(string runtimeApi)
        : this(RuntimeApiEndPoint.Parse(runtimeApi), runtimeApi)
    {
    }

    /// <summary>Creates a client for <paramref name="endPoint"/>, sending <paramref name="host"/> as the <c>Host</c> header.</summary>
    public RuntimeApiClient(RuntimeApiEndPoint endPoint, string host)
        : this(() => RuntimeApiSocket.Connect(endPoint, ConnectTimeout), host)
    {
    }

    /// <summary>
    /// Creates a client for the Unix socket <paramref name="endPoint"/> (<c>FAAS_RUNTIME_API_SOCKET</c>), sending
    /// <paramref name="host"/> as the <c>Host</c> header; nothing is connected yet.
    /// </summary>
    public RuntimeApiClient(RuntimeApiUnixEndPoint endPoint, string host)
        : this(() => RuntimeApiSocket.Connect(endPoint, ConnectTimeout), host)
    {
    }

    /// <summary>Creates a client whose connections come from <paramref name="connect"/> (the warm-up's canned Runtime API).</summary>
    public RuntimeApiClient(Func<RuntimeApiSocket> connect, string host)
    {
        _connection = new RuntimeApiConnection(connect);
        _hostLine = Encoding.ASCII.GetBytes(" HTTP/1.1\r\nHost: " + host + "\r\n");
        _nextRequest = Encoding.ASCII.GetBytes("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        _specializeRequest = Encoding.ASCII.GetBytes("GET /2018-06-01/faas/specialize HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }

    /// <summary>
    /// Long-polls <c>GET /faas/specialize</c>: the function's environment on 200, null on 410 (the cell must exit).
    /// </summary>
    public async Task<Dictionary<string, string>?> WaitForSpecializationAsync(CancellationToken cancellationToken)
    {
        EnsureNothingPipelined();
        var head = await SendAsync(CopyHead(_specializeRequest), default, null, "specialize", cancellationToken).ConfigureAwait(false);
        var body = head.StatusCode == StatusGone ? null : new MemoryStream();
        ReadBody(head, body, "specialize");
        if (body is null)
        {
            return null;
        }

        EnsureOk(head, "specialize");
        try
        {
            var environment = JsonSerializer.Deserialize(body.GetBuffer().AsSpan(0, (int)body.Length), HostJsonContext.Default.SpecializeBody);
            return environment?.Environment ?? [];
        }
        catch (JsonException ex)
        {
            throw new RuntimeApiUnavailableException("The specialize answer is not valid JSON.", ex);
        }
    }

    /// <summary>Long-polls <c>GET /runtime/invocation/next</c> and copies the event body into <paramref name="body"/> (cleared first).</summary>
    public async Task<NextInvocation> GetNextInvocationAsync(MemoryStream body, CancellationToken cancellationToken)
    {
        ResponseHead head;
        if (_nextPipelined)
        {
            // Sent behind the last result: only its answer is left to read.
            _nextPipelined = false;
            head = ReadPipelinedHead("next");
        }
        else
        {
            head = await SendAsync(CopyHead(_nextRequest), default, null, "next", cancellationToken).ConfigureAwait(false);
        }

        if (head.StatusCode != StatusOk)
        {
            _connection.Abort();
            EnsureOk(head, "next");
        }

        var requestId = head.RequestId
            ?? throw new RuntimeApiUnavailableException("The next invocation has no " + RuntimeApiHeaders.RequestId + " header.");
        body.SetLength(0);
        ReadBody(head, body, "next");
        body.Position = 0;
        return new NextInvocation
        {
            RequestId = requestId,
            DeadlineMs = head.DeadlineMs,
            InvokedFunctionArn = head.InvokedFunctionArn,
            TraceId = head.TraceId,
            ClientContextJson = head.ClientContext,
            CognitoIdentityJson = head.CognitoIdentity,
            TenantId = head.TenantId,
        };
    }

    /// <summary>Posts a serialized output to <c>/runtime/invocation/{id}/response</c>; false when the API rejected it (4xx).</summary>
    public async Task<bool> PostResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken, bool pipelineNext = false)
    {
        EnsureNothingPipelined();
        var headLength = FormatPost(requestId, "/response"u8, null, body.Length);
        var head = await SendAsync(headLength, body, null, "response", cancellationToken, pipelineNext).ConfigureAwait(false);
        return AcceptedWithPipeline(head, "response", pipelineNext);
    }

    /// <summary>
    /// Posts a handler's <see cref="Stream"/> output to <c>/runtime/invocation/{id}/response</c>, from its position: a
    /// <see cref="MemoryStream"/> in one piece, any other stream as it is read (chunked); false when the API rejected it (4xx).
    /// </summary>
    public async Task<bool> PostResponseAsync(string requestId, Stream body, CancellationToken cancellationToken, bool pipelineNext = false)
    {
        if (body is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            var position = (int)Math.Min(memory.Position, buffer.Count);
            return await PostResponseAsync(requestId, buffer.AsMemory(position), cancellationToken, pipelineNext).ConfigureAwait(false);
        }

        EnsureNothingPipelined();
        var headLength = FormatPost(requestId, "/response"u8, null, -1);
        var head = await SendAsync(headLength, default, body, "response", cancellationToken, pipelineNext).ConfigureAwait(false);
        return AcceptedWithPipeline(head, "response", pipelineNext);
    }

    /// <summary>Posts an invocation error to <c>/runtime/invocation/{id}/error</c>; false when the API rejected it (4xx).</summary>
    public async Task<bool> PostErrorAsync(
        string requestId, string errorType, ReadOnlyMemory<byte> errorJson, CancellationToken cancellationToken, bool pipelineNext = false)
    {
        EnsureNothingPipelined();
        var headLength = FormatPost(requestId, "/error"u8, errorType, errorJson.Length);
        var head = await SendAsync(headLength, errorJson, null, "error", cancellationToken, pipelineNext).ConfigureAwait(false);
        return AcceptedWithPipeline(head, "error", pipelineNext);
    }

    /// <summary>Posts an init error to <c>/runtime/init/error</c>; false when the API rejected it (4xx).</summary>
    public async Task<bool> PostInitErrorAsync(string errorType, ReadOnlyMemory<byte> errorJson, CancellationToken cancellationToken)
    {
        EnsureNothingPipelined();
        var headLength = FormatPost(null, "/runtime/init/error"u8, errorType, errorJson.Length);
        var head = await SendAsync(headLength, errorJson, null, "init/error", cancellationToken).ConfigureAwait(false);
        return Accepted(head, "init/error");
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private int CopyHead(byte[] request)
    {
        request.CopyTo(_connection.SendBuffer);
        return request.Length;
    }

    /// <summary>
    /// Formats <c>POST /2018-06-01/runtime/invocation/{id}{suffix}</c> (or <c>/2018-06-01{suffix}</c> without an id) into
    /// the send buffer, with the error headers when <paramref name="errorType"/> is set and a length, or chunked when -1.
    /// </summary>
    private int FormatPost(string? requestId, ReadOnlySpan<byte> suffix, string? errorType, long contentLength)
    {
        var span = _connection.SendBuffer;
        var n = Append(span, 0, "POST /2018-06-01"u8);
        if (requestId is not null)
        {
            if (requestId.Length > MaxRequestIdLength)
            {
                throw new RuntimeApiUnavailableException("The Runtime API gave a request id longer than " + MaxRequestIdLength + " characters.");
            }

            n = Append(span, n, "/runtime/invocation/"u8);
            n = AppendEscaped(span, n, requestId);
        }

        n = Append(span, n, suffix);
        n = Append(span, n, _hostLine);
        if (errorType is not null)
        {
            n = Append(span, n, "Content-Type: application/vnd.aws.lambda.error+json\r\nLambda-Runtime-Function-Error-Type: "u8);
            n = AppendHeaderValue(span, n, errorType.AsSpan(0, Math.Min(errorType.Length, MaxErrorTypeLength)));
            n = Append(span, n, "\r\n"u8);
        }

        if (contentLength < 0)
        {
            n = Append(span, n, "Transfer-Encoding: chunked\r\n"u8);
        }
        else
        {
            n = Append(span, n, "Content-Length: "u8);
            contentLength.TryFormat(span[n..], out var written, default, CultureInfo.InvariantCulture);
            n += written;
            n = Append(span, n, "\r\n"u8);
        }

        return Append(span, n, "\r\n"u8);
    }

    private static int Append(Span<byte> span, int n, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[n..]);
        return n + bytes.Length;
    }

    // Like Uri.EscapeDataString: UTF-8, every byte but A-Z a-z 0-9 - . _ ~ as %XX.
    private static int AppendEscaped(Span<byte> span, int n, string value)
    {
        Span<byte> utf8 = stackalloc byte[MaxRequestIdLength * 3];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        foreach (var b in utf8[..length])
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                span[n++] = b;
            }
            else
            {
                span[n++] = (byte)'%';
                span[n++] = (byte)"0123456789ABCDEF"[b >> 4];
                span[n++] = (byte)"0123456789ABCDEF"[b & 0xF];
            }
        }

        return n;
    }

    // Header values must be visible ASCII: anything else (a control character, a non-ASCII type name) becomes '?'.
    private static int AppendHeaderValue(Span<byte> span, int n, ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            span[n++] = c is >= ' ' and <= '~' ? (byte)c : (byte)'?';
        }

        return n;
    }

    // A result posted with pipelineNext carries `GET next` behind it in the same write, so the worker can hand over
    // the next invocation as soon as it arrives, without waiting for this runtime to read the 202 and ask again.
    private bool AcceptedWithPipeline(ResponseHead head, string call, bool pipelineNext)
    {
        var accepted = Accepted(head, call);

        // A connection closed after the answer took the pipelined request with it: next will be sent again.
        _nextPipelined = pipelineNext && _connection.IsOpen;
        return accepted;
    }

    private void EnsureNothingPipelined()
    {
        if (_nextPipelined)
        {
            throw new InvalidOperationException("A next request is pipelined; read the next invocation first.");
        }
    }

    private ResponseHead ReadPipelinedHead(string call)
    {
        try
        {
            return _connection.ReadPipelinedHead();
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            _connection.Abort();
            throw new RuntimeApiUnavailableException("The connection to the Runtime API was lost (" + call + ").", ex);
        }
    }

    private async ValueTask<ResponseHead> SendAsync(
        int headLength, ReadOnlyMemory<byte> body, Stream? stream, string call, CancellationToken cancellationToken, bool pipelineNext = false)
    {
        ResponseHead head;
        try
        {
            head = await _connection.SendAsync(headLength, body, stream, cancellationToken, pipelineNext ? _nextRequest : default).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            _connection.Abort();
            throw new RuntimeApiUnavailableException("The connection to the Runtime API was lost (" + call + ").", ex);
        }

        if (head.StatusCode == StatusInternalServerError)
        {
            _connection.Abort();
            throw new RuntimeApiUnavailableException("The Runtime API answered 500 to " + call + ".");
        }

        return head;
    }

    private void ReadBody(ResponseHead head, MemoryStream? destination, string call)
    {
        try
        {
            _connection.ReadBody(head, destination);
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            _connection.Abort();
            throw new RuntimeApiUnavailableException("The connection to the Runtime API was lost while reading the answer to " + call + ".", ex);
        }
    }

    private bool Accepted(ResponseHead head, string call)
    {
        ReadBody(head, null, call);
        return head.StatusCode is >= 200 and < 300;
    }

    private static void EnsureOk(ResponseHead head, string call)
    {
        if (head.StatusCode != StatusOk)
        {
            throw new RuntimeApiUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"The Runtime API answered {head.StatusCode} to {call}."));
        }
    }
}
