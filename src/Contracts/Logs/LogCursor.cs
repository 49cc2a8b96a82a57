using System.Buffers.Text;
using System.Text.Json;

namespace Faas.Contracts.Logs;

/// <summary>
/// Where a reader of a function's logs stopped: for each log stream, the byte offset to continue from. On the wire it
/// is base64url of a JSON object <c>{"&lt;log stream&gt;": offset}</c>; the gateway builds it from the events it
/// returned and hands it back unchanged to every worker (streams a worker does not have are ignored).
/// </summary>
public static class LogCursor
{
    /// <summary>Reads a cursor; null when it is not one.</summary>
    public static Dictionary<string, long>? TryParse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }

        try
        {
            var json = Base64Url.DecodeFromChars(token);
            return JsonSerializer.Deserialize<Dictionary<string, long>>(json) is { } offsets && offsets.Values.All(o => o >= 0)
                ? new Dictionary<string, long>(offsets, StringComparer.Ordinal)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes a cursor in its wire form.</summary>
    public static string Format(Dictionary<string, long> cursor) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor));
}
