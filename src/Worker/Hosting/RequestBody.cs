using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Faas.Worker.Hosting;

/// <summary>Reads a request body into a pooled buffer, stopping at a size limit.</summary>
internal static class RequestBody
{
    /// <summary>
    /// A pooled buffer holding at least <paramref name="needed"/> bytes, the first <paramref name="length"/> kept: the
    /// same one when it is large enough, else a larger one (doubling, never past <paramref name="limit"/> + 1) and the
    /// old one returned to the pool.
    /// </summary>
    public static byte[] EnsureRoom(byte[] buffer, int length, int needed, int limit)
    {
        if (needed <= buffer.Length)
        {
            return buffer;
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(buffer.Length * 2L, needed), limit + 1L));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes. Returns the buffer (owned by the caller, from the shared pool)
    /// and the length, or a null buffer when the body is larger than the limit.
    /// </summary>
    public static async ValueTask<(byte[]? Buffer, int Length)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var expected = request.ContentLength;
        if (expected > limit)
        {
            return (null, 0);
        }

        // Straight from Kestrel's pipe, consuming as it arrives (the pipe holds at most its buffer limit): a body
        // that has fully arrived is copied in one step, without the stream adapter or another read for its end.
        var reader = request.BodyReader;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(expected ?? 4096, limit + 1L) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var data = result.Buffer;
                if (length + data.Length > limit)
                {
                    reader.AdvanceTo(data.End);
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                buffer = EnsureRoom(buffer, length, (int)(length + data.Length), limit);

                data.CopyTo(buffer.AsSpan(length));
                length += (int)data.Length;
                reader.AdvanceTo(data.End);
                if (result.IsCompleted || length == expected)
                {
                    return (buffer, length);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
