namespace Faas.Sdk.Host.Tests.TestHandlers;

/// <summary>
/// A read-only stream (not a <see cref="MemoryStream"/>) of <paramref name="length"/> bytes of <paramref name="pattern"/>
/// repeated, handed out a few thousand bytes per read; async reads complete on another thread.
/// </summary>
public sealed class PatternStream(byte[] pattern, int length) : Stream
{
    private const int MaxRead = 7_000;

    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes the stream hands out in total.</summary>
    public static byte[] Expected(byte[] pattern, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = pattern[i % pattern.Length];
        }

        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(Math.Min(buffer.Length, MaxRead), length - _position);
        for (var i = 0; i < count; i++)
        {
            buffer[i] = pattern[(_position + i) % pattern.Length];
        }

        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The host's loop must carry on wherever the read completes.
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
