using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Faas.Worker.Environments;

/// <summary>
/// A platform log line formatted straight into pooled UTF-8 bytes, invariant culture. START, END and REPORT are written
/// for every invocation, so building each as a string, then its bytes, would cost the warm path three garbage objects
/// a line.
/// </summary>
[InterpolatedStringHandler]
internal ref struct LogLine
{
    // Far beyond any platform line; only a value whose formatting never succeeds reaches it.
    private const int MaxLineBytes = 1 << 20;

    private byte[] _buffer;
    private int _length;

    public LogLine(int literalLength, int formattedCount)
    {
        // Room for the literals (ASCII here) and the usual ids and numbers; TryFormat asks for more when that is short.
        _buffer = ArrayPool<byte>.Shared.Rent(literalLength + (formattedCount * 40) + 1);
        _length = 0;
    }

    /// <summary>The line's bytes so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void AppendLiteral(string value) => AppendFormatted(value);

    public void AppendFormatted(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void AppendFormatted<T>(T value, string? format = null)
        where T : IUtf8SpanFormattable
    {
        int written;
        while (!value.TryFormat(_buffer.AsSpan(_length), out written, format, CultureInfo.InvariantCulture))
        {
            // A value that fails for another reason than room would otherwise grow the buffer without end.
            if (_buffer.Length >= MaxLineBytes)
            {
                throw new FormatException($"A {typeof(T).Name} could not be formatted into a log line.");
            }

            Ensure(_buffer.Length);
        }

        _length += written;
    }

    /// <summary>Gives the buffer back to the pool; the line is unusable after.</summary>
    public void Release()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void Ensure(int more)
    {
        if (_buffer.Length - _length >= more)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        Written.CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
