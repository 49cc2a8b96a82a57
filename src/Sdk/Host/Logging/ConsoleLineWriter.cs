using System.Text;

namespace Faas.Host.Logging;

/// <summary>
/// Replaces <see cref="Console.Out"/> or <see cref="Console.Error"/>: collects text into lines and writes each line
/// as one log record at a fixed level (<c>info</c> for Out, <c>fail</c> for Error, like Lambda).
/// A <c>WriteLine(string)</c> is one record even when the string holds line breaks (an exception's stack trace).
/// </summary>
internal sealed class ConsoleLineWriter(LogSink sink, string level) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                EmitPending();
            }
            else
            {
                _pending.Append(value);
            }
        }
    }

    /// <inheritdoc />
    public override void Write(string? value) => Write(value.AsSpan());

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            while (!buffer.IsEmpty)
            {
                var newline = buffer.IndexOf('\n');
                if (newline < 0)
                {
                    _pending.Append(buffer);
                    return;
                }

                _pending.Append(buffer[..newline]);
                EmitPending();
                buffer = buffer[(newline + 1)..];
            }
        }
    }

    /// <inheritdoc />
    public override void WriteLine() => Write('\n');

    /// <inheritdoc />
    public override void WriteLine(string? value) => WriteLine(value.AsSpan());

    /// <inheritdoc />
    public override void WriteLine(char[] buffer, int index, int count) => WriteLine(buffer.AsSpan(index, count));

    /// <inheritdoc />
    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            if (_pending.Length == 0)
            {
                sink.Write(level, buffer);
                return;
            }

            _pending.Append(buffer);
            EmitPending();
        }
    }

    /// <summary>Writes any unterminated text as a record.</summary>
    public override void Flush()
    {
        lock (_gate)
        {
            if (_pending.Length > 0)
            {
                EmitPending();
            }
        }
    }

    private void EmitPending()
    {
        sink.Write(level, _pending.ToString());
        _pending.Clear();
        if (_pending.Capacity > 16 * 1024)
        {
            _pending.Capacity = 256;
        }
    }
}
