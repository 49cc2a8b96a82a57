namespace Faas.Host.RuntimeApi;

/// <summary>
/// One persistent HTTP/1.1 connection to the Runtime API over a blocking libc socket (<see cref="RuntimeApiSocket"/>),
/// opened on first use and reopened after the server closes it. One request at a time: <see cref="SendAsync"/>, then
/// exactly one of <see cref="ReadBody"/> or <see cref="Abort"/>. Failures are <see cref="IOException"/> or
/// <see cref="FormatException"/>; the caller maps them to <see cref="RuntimeApiUnavailableException"/>.
/// </summary>
/// <remarks>
/// HttpClient would bring System.Net.Http, Security, Cryptography, DiagnosticSource, Uri and Quic into every environment
/// (several MB of resident memory) for one loopback connection; this is all of HTTP the Runtime API needs. Calls block
/// the calling thread (the loop's): <see cref="SendAsync"/> completes synchronously unless a stream body's reads do not.
/// </remarks>
internal sealed class RuntimeApiConnection(Func<RuntimeApiSocket> connect) : IDisposable
{
    /// <summary>The size of the send buffer and the initial size of the receive buffer.</summary>
    public const int BufferSize = 16 * 1024;

    // A response head larger than this is not the Runtime API's.
    private const int MaxHeadSize = 256 * 1024;

    // Room for a chunk-size line ("ffffffff\r\n") before the data in the send buffer.
    private const int ChunkHeaderSpace = 10;

    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly byte[] _send = new byte[BufferSize];
    private byte[] _receive = new byte[BufferSize];
    private int _receiveStart;
    private int _receiveEnd;
    private RuntimeApiSocket? _socket;
    private bool _reused;

    /// <summary>The send buffer, in which the caller formats a request head before <see cref="SendAsync"/>.</summary>
    public Span<byte> SendBuffer => _send;

    /// <summary>
    /// Sends the request whose head is the first <paramref name="headLength"/> bytes of <see cref="SendBuffer"/>, with
    /// <paramref name="body"/>, or <paramref name="stream"/> (when not null) sent as chunks, and reads the answer's head.
    /// </summary>
    public async ValueTask<ResponseHead> SendAsync(
        int headLength, ReadOnlyMemory<byte> body, Stream? stream, CancellationToken cancellationToken, ReadOnlyMemory<byte> pipelined = default)
    {
        // A kept-alive connection the server has closed meanwhile fails before any answer byte arrives: the request
        // was not processed, so it is sent once more on a new connection (as SocketsHttpHandler does). A stream body
        // may be partly consumed and is not retried.
        var retry = _reused && stream is null;
        while (true)
        {
            try
            {
                var socket = _socket ?? Connect();
                if (stream is null)
                {
                    SendRequest(socket, headLength, body, pipelined.Span);
                }
                else
                {
                    SendRequest(socket, headLength, body, default);
                    await SendChunksAsync(socket, stream, cancellationToken).ConfigureAwait(false);
                    if (!pipelined.IsEmpty)
                    {
                        socket.Send(pipelined.Span);
                    }
                }

                var head = ReadHead();
                _reused = true;
                return head;
            }
            catch (Exception ex) when (retry && _receiveEnd == _receiveStart && ex is IOException)
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
    public void ReadBody(ResponseHead head, MemoryStream? destination)
    {
        if (head.HasNoBody)
        {
        }
        else if (head.Chunked)
        {
            ReadChunked(destination);
        }
        else if (head.ContentLength >= 0)
        {
            ReadExactly(head.ContentLength, destination);
        }
        else
        {
            // No framing: the body ends when the server closes the connection.
            ReadExactly(long.MaxValue, destination);
            head.Close = true;
        }

        if (head.Close)
        {
            Abort();
        }
    }

    /// <summary>True while a connection is open (a request pipelined on it will be answered on it).</summary>
    public bool IsOpen => _socket is not null;

    /// <summary>Reads the head of the answer to a request that was pipelined behind the previous one.</summary>
    public ResponseHead ReadPipelinedHead() => ReadHead();

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

    private RuntimeApiSocket Connect()
    {
        var socket = connect();
        _socket = socket;
        _receiveStart = _receiveEnd = 0;
        return socket;
    }

    private void SendRequest(RuntimeApiSocket socket, int headLength, ReadOnlyMemory<byte> body, ReadOnlySpan<byte> pipelined)
    {
        // A body (and a request pipelined behind it) that fits after the head goes out in the same segment.
        if (body.Length + pipelined.Length <= _send.Length - headLength)
        {
            body.Span.CopyTo(_send.AsSpan(headLength));
            pipelined.CopyTo(_send.AsSpan(headLength + body.Length));
            socket.Send(_send.AsSpan(0, headLength + body.Length + pipelined.Length));
        }
        else
        {
            socket.Send(_send.AsSpan(0, headLength));
            socket.Send(body.Span);
            if (!pipelined.IsEmpty)
            {
                socket.Send(pipelined);
            }
        }
    }

    private async ValueTask SendChunksAsync(RuntimeApiSocket socket, Stream stream, CancellationToken cancellationToken)
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
                socket.Send(LastChunk);
                return;
            }

            var start = FormatChunkHeader(read);
            _send[ChunkHeaderSpace + read] = (byte)'\r';
            _send[ChunkHeaderSpace + read + 1] = (byte)'\n';
            socket.Send(_send.AsSpan(start, ChunkHeaderSpace - start + read + 2));
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

    private ResponseHead ReadHead()
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

            if (!Fill())
            {
                throw new IOException("The Runtime API closed the connection before answering.");
            }
        }
    }

    /// <summary>Receives more bytes after the unread ones, compacting or growing the buffer as needed; false at end of stream.</summary>
    private bool Fill()
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

        var received = _socket!.Receive(_receive.AsSpan(_receiveEnd));
        _receiveEnd += received;
        return received > 0;
    }

    private void ReadExactly(long length, MemoryStream? destination)
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
                var received = _socket!.Receive(destination.GetBuffer().AsSpan(position, count));
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
            if (!Fill())
            {
                if (untilEnd)
                {
                    return;
                }

                throw new IOException("The Runtime API closed the connection in the middle of a body.");
            }
        }
    }

    private void ReadChunked(MemoryStream? destination)
    {
        while (true)
        {
            // chunk-size [; extensions] CRLF data CRLF ... 0 CRLF [trailers] CRLF
            var line = ReadLine();
            var semicolon = line.AsSpan().IndexOf((byte)';');
            var sizeText = semicolon < 0 ? line : line[..semicolon];
            if (!long.TryParse(sizeText.AsSpan().Trim(" \t"u8), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var size) || size < 0)
            {
                throw new FormatException("The Runtime API sent an invalid chunk size.");
            }

            if (size == 0)
            {
                while (ReadLine().Count > 0)
                {
                    // Trailers are ignored.
                }

                return;
            }

            ReadExactly(size, destination);
            if (ReadLine().Count != 0)
            {
                throw new FormatException("The Runtime API sent a chunk longer than its size.");
            }
        }
    }

    /// <summary>The next CRLF-terminated line in the receive buffer (valid until the next read), without the CRLF.</summary>
    private ArraySegment<byte> ReadLine()
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

            if (!Fill())
            {
                throw new IOException("The Runtime API closed the connection in the middle of a chunked body.");
            }
        }
    }
}
