using System.Text.Json;

namespace Faas.Worker.Invocations;

/// <summary>Writes Lambda's error bodies: <c>{"errorType","errorMessage"}</c> for functions and <c>{"Type","message"}</c> for the API.</summary>
internal static class LambdaErrorJson
{
    /// <summary>A function error body as the runtime would report it.</summary>
    public static byte[] Serialize(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream(64 + errorMessage.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", errorType);
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>An API error body; <paramref name="upperCaseMessage"/> picks <c>Message</c> for shapes that use it.</summary>
    public static byte[] SerializeApiError(string message, bool upperCaseMessage)
    {
        using var buffer = new MemoryStream(64 + message.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "User");
            writer.WriteString(upperCaseMessage ? "Message" : "message", message);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
