using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Faas.Host.Json;

namespace Faas.Host.RuntimeApi;

/// <summary>
/// Client of the Lambda Runtime API at <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01</c> (plus Faas's private
/// <c>/faas/specialize</c>) over one kept-alive <see cref="RuntimeApiConnection"/>. A 500 answer or a lost connection
/// throws <see cref="RuntimeApiUnavailableException"/>. One call at a time.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    // Request ids are UUIDs and error types are type names; anything far longer is not the worker talking.
    private const int MaxRequestIdLength = 1024;
    private const int MaxErrorTypeLength = 1024;

    private readonly RuntimeApiConnection _connection;
    private readonly byte[] _nextRequest;
    private readonly byte[] _specializeRequest;
    private readonly byte[] _hostLine;

    /// <summary>Creates a client for <paramref name="runtimeApi"/> (<c>host:port</c>); nothing is connected yet.</summary>
    public RuntimeApiClient(string runtimeApi)
        : this(ParseEndPoint(runtimeApi), runtimeApi)
    {
    }

    /// <summary>Creates a client for <paramref name="endPoint"/>, sending <paramref name="host"/> as the <c>Host</c> header.</summary>
    public RuntimeApiClient(EndPoint endPoint, string host)
    {
        _connection = new RuntimeApiConnection(endPoint);
        _hostLine = Encoding.ASCII.GetBytes(" HTTP/1.1\r\nHost: " + host + "\r\n");
        _nextRequest = Encoding.ASCII.GetBytes("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        _specializeRequest = Encoding.ASCII.GetBytes("GET /2018-06-01/faas/specialize HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }

    /// <summary>
    /// Long-polls <c>GET /faas/specialize</c>: the function's environment on 200, null on 410 (the cell must exit).
    /// </summary>
    public async Task<Dictionary<string, string>?> WaitForSpecializationAsync(CancellationToken cancellationToken)
    {
        var head = await SendAsync(CopyHead(_specializeRequest), default, null, "specialize", cancellationToken).ConfigureAwait(false);
        var body = head.StatusCode == (int)HttpStatusCode.Gone ? null : new MemoryStream();
        await ReadBodyAsync(head, body, "specialize", cancellationToken).ConfigureAwait(false);
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
        var head = await SendAsync(CopyHead(_nextRequest), default, null, "next", cancellationToken).ConfigureAwait(false);
        if (head.StatusCode != (int)HttpStatusCode.OK)
        {
            _connection.Abort();
            EnsureOk(head, "next");
        }

        var requestId = head.RequestId
            ?? throw new RuntimeApiUnavailableException("The next invocation has no " + RuntimeApiHeaders.RequestId + " header.");
        body.SetLength(0);
        await ReadBodyAsync(head, body, "next", cancellationToken).ConfigureAwait(false);
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
    public async Task<bool> PostResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var headLength = FormatPost(requestId, "/response"u8, null, body.Length);
        var head = await SendAsync(headLength, body, null, "response", cancellationToken).ConfigureAwait(false);
        return await AcceptedAsync(head, "response", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Posts a handler's <see cref="Stream"/> output to <c>/runtime/invocation/{id}/response</c>, from its position: a
    /// <see cref="MemoryStream"/> in one piece, any other stream as it is read (chunked); false when the API rejected it (4xx).
    /// </summary>
    public async Task<bool> PostResponseAsync(string requestId, Stream body, CancellationToken cancellationToken)
    {
        if (body is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            var position = (int)Math.Min(memory.Position, buffer.Count);
            return await PostResponseAsync(requestId, buffer.AsMemory(position), cancellationToken).ConfigureAwait(false);
        }

        var headLength = FormatPost(requestId, "/response"u8, null, -1);
        var head = await SendAsync(headLength, default, body, "response", cancellationToken).ConfigureAwait(false);
        return await AcceptedAsync(head, "response", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts an invocation error to <c>/runtime/invocation/{id}/error</c>; false when the API rejected it (4xx).</summary>
    public async Task<bool> PostErrorAsync(string requestId, string errorType, ReadOnlyMemory<byte> errorJson, CancellationToken cancellationToken)
    {
        var headLength = FormatPost(requestId, "/error"u8, errorType, errorJson.Length);
        var head = await SendAsync(headLength, errorJson, null, "error", cancellationToken).ConfigureAwait(false);
        return await AcceptedAsync(head, "error", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts an init error to <c>/runtime/init/error</c>; false when the API rejected it (4xx).</summary>
    public async Task<bool> PostInitErrorAsync(string errorType, ReadOnlyMemory<byte> errorJson, CancellationToken cancellationToken)
    {
        var headLength = FormatPost(null, "/runtime/init/error"u8, errorType, errorJson.Length);
        var head = await SendAsync(headLength, errorJson, null, "init/error", cancellationToken).ConfigureAwait(false);
        return await AcceptedAsync(head, "init/error", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static EndPoint ParseEndPoint(string runtimeApi)
    {
        var colon = runtimeApi.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(runtimeApi.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException("AWS_LAMBDA_RUNTIME_API must be host:port, not '" + runtimeApi + "'.", nameof(runtimeApi));
        }

        var host = runtimeApi.AsSpan(0, colon).Trim("[]");
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host.ToString(), port);
    }

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

    private async ValueTask<ResponseHead> SendAsync(
        int headLength, ReadOnlyMemory<byte> body, Stream? stream, string call, CancellationToken cancellationToken)
    {
        ResponseHead head;
        try
        {
            head = await _connection.SendAsync(headLength, body, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or FormatException)
        {
            _connection.Abort();
            throw new RuntimeApiUnavailableException("The connection to the Runtime API was lost (" + call + ").", ex);
        }

        if (head.StatusCode == (int)HttpStatusCode.InternalServerError)
        {
            _connection.Abort();
            throw new RuntimeApiUnavailableException("The Runtime API answered 500 to " + call + ".");
        }

        return head;
    }

    private async ValueTask ReadBodyAsync(ResponseHead head, MemoryStream? destination, string call, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.ReadBodyAsync(head, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or FormatException)
        {
            _connection.Abort();
            throw new RuntimeApiUnavailableException("The connection to the Runtime API was lost while reading the answer to " + call + ".", ex);
        }
    }

    private async ValueTask<bool> AcceptedAsync(ResponseHead head, string call, CancellationToken cancellationToken)
    {
        await ReadBodyAsync(head, null, call, cancellationToken).ConfigureAwait(false);
        return head.StatusCode is >= 200 and < 300;
    }

    private static void EnsureOk(ResponseHead head, string call)
    {
        if (head.StatusCode != (int)HttpStatusCode.OK)
        {
            throw new RuntimeApiUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"The Runtime API answered {head.StatusCode} to {call}."));
        }
    }
}
