namespace HandlerShapes;

/// <summary>The POCO event most handlers take and echo.</summary>
public class Payload
{
    public string? Message { get; set; }

    public int Number { get; set; }

    public List<string>? Tags { get; set; }
}
