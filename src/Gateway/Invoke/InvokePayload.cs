using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Invoke;

/// <summary>Reads an invocation's payload into a pooled buffer (at most 6 MB) and checks that it is JSON, as Lambda does.</summary>
internal static class InvokePayload
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 4096, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The body in a rented buffer (return it with <see cref="ArrayPool{T}.Shared"/>), or a null buffer when it exceeds the limit.</summary>
    public static ValueTask<(byte[]? Buffer, int Length)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
        => ReadAsync(request, InvokeErrors.MaxPayloadBytes, cancellationToken);

    /// <summary>The body in a rented buffer, or a null buffer when it exceeds <paramref name="limit"/> bytes.</summary>
    public static async ValueTask<(byte[]? Buffer, int Length)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var expected = request.ContentLength;
        if (expected > limit)
        {
            return (null, 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(expected ?? 4096, limit) + 1);
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

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
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
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Null when the payload is empty or one JSON value, else what is wrong with it.</summary>
    public static string? Validate(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(payload, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                return "No content to map due to end-of-input";
            }

            reader.Skip();
            if (reader.Read())
            {
                return $"Unexpected content after the JSON value at byte {reader.TokenStartIndex}";
            }

            return null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }
}
