using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using Faas.Worker.Hosting;

namespace Faas.Worker.Invocations;

/// <summary>
/// The worker's invoke endpoint for a gateway hosted in the same process (<c>faas up</c>): an
/// <see cref="HttpMessageHandler"/> that answers <c>POST {invoke_url}</c> exactly as the HTTP listener does, without a
/// socket. Each invocation then crosses one loopback exchange fewer (two thread wake-ups and an HTTP parse on each side);
/// the environment is still its own process behind the Runtime API.
/// </summary>
public sealed class InProcessInvokeHandler : HttpMessageHandler
{
    private const string Prefix = "/worker/v1/environments/";
    private const string Suffix = "/invocations";

    private readonly InvokeEndpoint _endpoint;

    internal InProcessInvokeHandler(InvokeEndpoint endpoint) => _endpoint = endpoint;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (request.Method != HttpMethod.Post || !path.StartsWith(Prefix, StringComparison.Ordinal) || !path.EndsWith(Suffix, StringComparison.Ordinal)
            || path.Length <= Prefix.Length + Suffix.Length || path.AsSpan(Prefix.Length, path.Length - Prefix.Length - Suffix.Length).Contains('/'))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request, Content = new ByteArrayContent([]) };
        }

        var input = new InvokeInput(Uri.UnescapeDataString(path[Prefix.Length..^Suffix.Length]))
        {
            RequestId = Header(request, "X-Faas-Request-Id"),
            ClientContext = Header(request, "X-Amz-Client-Context"),
            InvokedFunctionArn = Header(request, "X-Faas-Invoked-Function-Arn"),
            TraceId = Header(request, "X-Amzn-Trace-Id"),
            TenantId = Header(request, "X-Amz-Tenant-Id"),
            LogType = Header(request, "X-Amz-Log-Type"),
        };
        var answer = await _endpoint.InvokeAsync(input, request.Content, static (content, limit, ct) => ReadAsync(content, limit, ct), cancellationToken).ConfigureAwait(false);
        var response = new HttpResponseMessage((HttpStatusCode)answer.StatusCode)
        {
            RequestMessage = request,
            Version = HttpVersion.Version11,
            Content = new AnswerContent(answer),
        };
        foreach (var (name, value) in answer.Headers())
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    // Unvalidated: the stored strings as they are, without the parsed copies and enumerables TryGetValues makes.
    private static string? Header(HttpRequestMessage request, string name)
        => !request.Headers.NonValidated.TryGetValues(name, out var values) ? null
            : values.Count == 1 ? values.ToString()
            : string.Join(",", values);

    // The event into a pooled buffer, as the HTTP listener reads it; null past the limit.
    private static async ValueTask<(byte[]? Buffer, int Length)> ReadAsync(HttpContent? content, int limit, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return (ArrayPool<byte>.Shared.Rent(1), 0);
        }

        if (content.Headers.ContentLength > limit)
        {
            return (null, 0);
        }

        using var sink = new PooledSink(limit, (int)(content.Headers.ContentLength ?? 4096));
        try
        {
            await content.CopyToAsync(sink, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (sink.Overflowed)
        {
            // The sink's refusal, however the content wrapped it.
            return (null, 0);
        }

        return sink.Detach();
    }

    /// <summary>A write-only stream into a pooled buffer that refuses to grow past its limit.</summary>
    private sealed class PooledSink(int limit, int expected) : Stream
    {
        private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(expected, limit) + 1);
        private int _length;

        public bool Overflowed { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public (byte[] Buffer, int Length) Detach()
        {
            var buffer = _buffer!;
            _buffer = null;
            return (buffer, _length);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length + buffer.Length > limit)
            {
                Overflowed = true;
                throw new InvalidOperationException("The event is larger than an invocation may carry.");
            }

            _buffer = RequestBody.EnsureRoom(_buffer!, _length, _length + buffer.Length, limit);
            buffer.CopyTo(_buffer.AsSpan(_length));
            _length += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The answer's body; disposing it (once the gateway has passed it on) releases the output and writes the report lines.</summary>
    private sealed class AnswerContent : HttpContent
    {
        private readonly InvokeAnswer _answer;

        public AnswerContent(InvokeAnswer answer)
        {
            _answer = answer;
            Headers.TryAddWithoutValidation("Content-Type", answer.ContentType);
            Headers.ContentLength = answer.Body.Length;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_answer.Body).AsTask();

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
            => stream.WriteAsync(_answer.Body, cancellationToken).AsTask();

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(CreateContentReadStream(CancellationToken.None));

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken)
            => MemoryMarshal.TryGetArray(_answer.Body, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(_answer.Body.ToArray(), writable: false);

        protected override bool TryComputeLength(out long length)
        {
            length = _answer.Body.Length;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _answer.Answered();
                _answer.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
