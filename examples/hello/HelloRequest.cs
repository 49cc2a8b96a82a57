using System.Text.Json.Serialization;

namespace Hello;

public class HelloRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
