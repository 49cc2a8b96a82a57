using System.Globalization;
using System.Text;

namespace Faas.Host.Logging;

/// <summary>
/// Writes log records to standard output in Lambda's .NET Text format:
/// <c>&lt;ISO-8601 UTC timestamp&gt;\t&lt;requestId&gt;\t&lt;level&gt;\t&lt;message&gt;\n</c>.
/// Each record is one write to the unbuffered stream, so nothing is lost if the worker kills the process.
/// </summary>
internal sealed class LogSink(Stream output, TimeProvider time)
{
    // 2024-01-02T03:04:05.678Z
    private const int TimestampLength = 24;

    private readonly Lock _gate = new();
    private byte[] _buffer = new byte[1024];
    private volatile string _requestId = "";

    /// <summary>The request id printed on each record; empty outside an invocation.</summary>
    public string RequestId
    {
        get => _requestId;
        set => _requestId = value ?? "";
    }

    /// <summary>Writes one record at <paramref name="level"/> (a Text-format level such as <c>info</c>).</summary>
    public void Write(string level, ReadOnlySpan<char> message)
    {
        // Trailing line breaks belong to the record framing, not the message.
        message = message.TrimEnd("\r\n");
        var requestId = _requestId;
        lock (_gate)
        {
            var max = TimestampLength + 4 + Encoding.UTF8.GetMaxByteCount(requestId.Length + level.Length + message.Length);
            if (_buffer.Length < max)
            {
                _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
            }

            var span = _buffer.AsSpan();
            time.GetUtcNow().UtcDateTime.TryFormat(span, out var n, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            span[n++] = (byte)'\t';
            n += Encoding.UTF8.GetBytes(requestId, span[n..]);
            span[n++] = (byte)'\t';
            n += Encoding.UTF8.GetBytes(level, span[n..]);
            span[n++] = (byte)'\t';
            n += Encoding.UTF8.GetBytes(message, span[n..]);
            span[n++] = (byte)'\n';
            output.Write(_buffer, 0, n);

            // A huge message must not pin a huge buffer for the life of the environment.
            if (_buffer.Length > 64 * 1024)
            {
                _buffer = new byte[1024];
            }
        }
    }

    /// <summary>Flushes standard output; called before every response or error is posted.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            output.Flush();
        }
    }
}
