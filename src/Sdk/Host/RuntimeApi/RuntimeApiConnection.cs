using System.Net;
using System.Net.Sockets;

namespace Faas.Host.RuntimeApi;

/// <summary>
/// One persistent HTTP/1.1 connection to the Runtime API over a raw socket, opened on first use and reopened after the
/// server closes it. One request at a time: <see cref="SendAsync"/>, then exactly one of <see cref="ReadBodyAsync"/>
/// or <see cref="Abort"/>. Failures are <see cref="SocketException"/>, <see cref="IOException"/> or
/// <see cref="FormatException"/>; the caller maps them to <see cref="RuntimeApiUnavailableException"/>.
/// </summary>
/// <remarks>
/// HttpClient would bring System.Net.Http, Security, Cryptography, DiagnosticSource, Uri and Quic into every environment
/// (several MB of resident memory) for one loopback connection; this is all of HTTP the Runtime API needs.
/// </remarks>
internal sealed class RuntimeApiConnection(EndPoint endPoint) : IDisposable
{
    /// <summary>The size of the send buffer and the initial size of the receive buffer.</summary>
    public const int BufferSize = 16 * 1024;

    // A response head larger than this is not the Runtime API's.
    private const int MaxHeadSize = 256 * 1024;

    // Room for a chunk-size line ("ffffffff\r\n") before the data in the send buffer.
    private const int ChunkHeaderSpace = 10;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly byte[] _send = new byte[BufferSize];
    private byte[] _receive = new byte[BufferSize];
    private int _receiveStart;
    private int _receiveEnd;
    private Socket? _socket;
    private bool _reused;

    /// <summary>The send buffer, in which the caller formats a request head before <see cref="SendAsync"/>.</summary>
    public Span<byte> SendBuffer => _send;

    /// <summary>
    /// Sends the request whose head is the first <paramref name="headLength"/> bytes of <see cref="SendBuffer"/>, with
    /// <paramref name="body"/>, or <paramref name="stream"/> (when not null) sent as chunks, and reads the answer's head.
    /// </summary>
    public async ValueTask<ResponseHead> SendAsync(int headLength, ReadOnlyMemory<byte> body, Stream? stream, CancellationToken cancellationToken)
    {
        // A kept-alive connection the server has closed meanwhile fails before any answer byte arrives: the request
        // was not processed, so it is sent once more on a new connection (as SocketsHttpHandler does). A stream body
        // may be partly consumed and is not retried.
        var retry = _reused && stream is null;
        while (true)
        {
            try
            {
                var socket = _socket ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
                await SendRequestAsync(socket, headLength, body, stream, cancellationToken).ConfigureAwait(false);
                var head = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
                _reused = true;
                return head;
            }
            catch (Exception ex) when (retry && _receiveEnd == _receiveStart && ex is SocketException or IOException)
            {
                retry = false;
                Abort();
            }
        }
    }

    /// <summary>
    /// Reads the body of the answer whose head was just read into <paramref name="destination"/> (at its position), or
    /// discards it when <paramref name="destination"/> is null; closes the connection when the server asked for it.
    /// </summary>
    public async ValueTask ReadBodyAsync(ResponseHead head, MemoryStream? destination, CancellationToken cancellationToken)
    {
        if (head.HasNoBody)
        {
        }
        else if (head.Chunked)
        {
            await ReadChunkedAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        else if (head.ContentLength >= 0)
        {
            await ReadExactlyAsync(head.ContentLength, destination, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // No framing: the body ends when the server closes the connection.
            await ReadExactlyAsync(long.MaxValue, destination, cancellationToken).ConfigureAwait(false);
            head.Close = true;
        }

        if (head.Close)
        {
            Abort();
        }
    }

    /// <summary>Closes the connection; the next request opens a new one.</summary>
    public void Abort()
    {
        _socket?.Dispose();
        _socket = null;
        _reused = false;
        _receiveStart = _receiveEnd = 0;
    }

    /// <inheritdoc />
    public void Dispose() => Abort();

    private async ValueTask<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new IOException("Connecting to the Runtime API timed out.", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _receiveStart = _receiveEnd = 0;
        return socket;
    }

    private async ValueTask SendRequestAsync(
        Socket socket, int headLength, ReadOnlyMemory<byte> body, Stream? stream, CancellationToken cancellationToken)
    {
        // A body that fits after the head goes out in the same segment.
        if (body.Length <= _send.Length - headLength)
        {
            body.Span.CopyTo(_send.AsSpan(headLength));
            await SendAllAsync(socket, _send.AsMemory(0, headLength + body.Length), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SendAllAsync(socket, _send.AsMemory(0, headLength), cancellationToken).ConfigureAwait(false);
            await SendAllAsync(socket, body, cancellationToken).ConfigureAwait(false);
        }

        if (stream is not null)
        {
            await SendChunksAsync(socket, stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask SendChunksAsync(Socket socket, Stream stream, CancellationToken cancellationToken)
    {
        // Each read becomes one chunk: "<hex size>\r\n<data>\r\n", the size right-aligned before the data; "0\r\n\r\n" ends.
        var data = _send.AsMemory(ChunkHeaderSpace, _send.Length - ChunkHeaderSpace - 2);
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(data, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The request is half sent and cannot be completed: the connection is as good as lost.
                throw new IOException("Reading the function's response stream failed: " + ex.Message, ex);
            }

            if (read == 0)
            {
                await SendAllAsync(socket, LastChunk, cancellationToken).ConfigureAwait(false);
                return;
            }

            var start = FormatChunkHeader(read);
            _send[ChunkHeaderSpace + read] = (byte)'\r';
            _send[ChunkHeaderSpace + read + 1] = (byte)'\n';
            await SendAllAsync(socket, _send.AsMemory(start, ChunkHeaderSpace - start + read + 2), cancellationToken).ConfigureAwait(false);
        }
    }

    private int FormatChunkHeader(int size)
    {
        Span<byte> hex = stackalloc byte[8];
        size.TryFormat(hex, out var digits, "x");
        var start = ChunkHeaderSpace - 2 - digits;
        hex[..digits].CopyTo(_send.AsSpan(start));
        _send[ChunkHeaderSpace - 2] = (byte)'\r';
        _send[ChunkHeaderSpace - 1] = (byte)'\n';
        return start;
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    private async ValueTask<ResponseHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (ResponseHead.TryParse(_receive.AsSpan(_receiveStart, _receiveEnd - _receiveStart), out var head, out var consumed))
            {
                _receiveStart += consumed;

                // An interim 1xx answer (e.g. 100 Continue) precedes the real one.
                if (head.StatusCode is >= 100 and < 200)
                {
                    continue;
                }

                return head;
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new IOException("The Runtime API closed the connection before answering.");
            }
        }
    }

    /// <summary>Receives more bytes after the unread ones, compacting or growing the buffer as needed; false at end of stream.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_receiveStart == _receiveEnd)
        {
            _receiveStart = _receiveEnd = 0;
        }
        else if (_receiveEnd == _receive.Length)
        {
            var unread = _receiveEnd - _receiveStart;
            if (_receiveStart == 0)
            {
                if (_receive.Length >= MaxHeadSize)
                {
                    throw new FormatException("The Runtime API sent a response head larger than " + MaxHeadSize + " bytes.");
                }

                Array.Resize(ref _receive, _receive.Length * 2);
            }
            else
            {
                _receive.AsSpan(_receiveStart, unread).CopyTo(_receive);
                _receiveStart = 0;
                _receiveEnd = unread;
            }
        }

        var received = await _socket!.ReceiveAsync(_receive.AsMemory(_receiveEnd), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _receiveEnd += received;
        return received > 0;
    }

    private async ValueTask ReadExactlyAsync(long length, MemoryStream? destination, CancellationToken cancellationToken)
    {
        var untilEnd = length == long.MaxValue;
        if (destination is not null && !untilEnd)
        {
            var needed = destination.Position + length;
            if (needed > destination.Capacity)
            {
                destination.Capacity = (int)Math.Min(needed, Array.MaxLength);
            }
        }

        while (length > 0)
        {
            // 1. What is already buffered.
            if (_receiveStart < _receiveEnd)
            {
                var take = (int)Math.Min(length, _receiveEnd - _receiveStart);
                destination?.Write(_receive, _receiveStart, take);
                _receiveStart += take;
                length -= take;
                continue;
            }

            // 2. A large body goes straight into the destination's buffer, without a copy.
            if (destination is not null && !untilEnd && length >= BufferSize)
            {
                var position = (int)destination.Position;
                var count = (int)Math.Min(length, int.MaxValue - position);
                destination.SetLength(Math.Max(destination.Length, position + count));
                var received = await _socket!.ReceiveAsync(destination.GetBuffer().AsMemory(position, count), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    throw new IOException("The Runtime API closed the connection in the middle of a body.");
                }

                destination.SetLength(position + received);
                destination.Position = position + received;
                length -= received;
                continue;
            }

            // 3. Otherwise through the receive buffer.
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (untilEnd)
                {
                    return;
                }

                throw new IOException("The Runtime API closed the connection in the middle of a body.");
            }
        }
    }

    private async ValueTask ReadChunkedAsync(MemoryStream? destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            // chunk-size [; extensions] CRLF data CRLF ... 0 CRLF [trailers] CRLF
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var semicolon = line.AsSpan().IndexOf((byte)';');
            var sizeText = semicolon < 0 ? line : line[..semicolon];
            if (!long.TryParse(sizeText.AsSpan().Trim(" \t"u8), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var size) || size < 0)
            {
                throw new FormatException("The Runtime API sent an invalid chunk size.");
            }

            if (size == 0)
            {
                while ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
                {
                    // Trailers are ignored.
                }

                return;
            }

            await ReadExactlyAsync(size, destination, cancellationToken).ConfigureAwait(false);
            if ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Count != 0)
            {
                throw new FormatException("The Runtime API sent a chunk longer than its size.");
            }
        }
    }

    /// <summary>The next CRLF-terminated line in the receive buffer (valid until the next read), without the CRLF.</summary>
    private async ValueTask<ArraySegment<byte>> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var eol = _receive.AsSpan(_receiveStart, _receiveEnd - _receiveStart).IndexOf("\r\n"u8);
            if (eol >= 0)
            {
                var line = new ArraySegment<byte>(_receive, _receiveStart, eol);
                _receiveStart += eol + 2;
                return line;
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new IOException("The Runtime API closed the connection in the middle of a chunked body.");
            }
        }
    }
}
