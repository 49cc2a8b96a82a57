using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Faas.Worker.Hosting;

/// <summary>Reads a request body into a pooled buffer, stopping at a size limit.</summary>
internal static class RequestBody
{
    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes. Returns the buffer (owned by the caller, from the shared pool)
    /// and the length, or a null buffer when the body is larger than the limit.
    /// </summary>
    public static async Task<(byte[]? Buffer, int Length)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, 0);
        }

        var capacity = (int)(request.ContentLength ?? 4096);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 16));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                // A body of known length is complete without asking for (and waiting on) its end.
                if (length == request.ContentLength)
                {
                    break;
                }
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
