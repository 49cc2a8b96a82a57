using System.Text.Json.Serialization;

namespace Hello;

public class HelloResponse
{
    [JsonPropertyName("message")]
    public string Message { get; set; } = "";
}
