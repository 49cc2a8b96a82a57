using System.Text;
using Amazon.Lambda.Core;

namespace HandlerShapes;

/// <summary>Static handlers: no input, Stream input, POCO input; with and without a context; void, T, Task, Task&lt;T&gt;, Stream, Task&lt;Stream&gt;.</summary>
public static class StaticHandlers
{
    /// <summary>No input, no context, returns T.</summary>
    public static string Hello() => "hello";

    /// <summary>Context only, returns T.</summary>
    public static string HelloWithContext(ILambdaContext context) => $"hello {context.FunctionName}";

    /// <summary>Stream in, Stream out: returns the raw event bytes unchanged.</summary>
    public static Stream StreamEcho(Stream input)
    {
        var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>Stream and context in, Task&lt;Stream&gt; out: returns the raw event bytes unchanged.</summary>
    public static async Task<Stream> StreamEchoAsync(Stream input, ILambdaContext context)
    {
        var copy = new MemoryStream();
        await input.CopyToAsync(copy);
        copy.Position = 0;
        context.Logger.LogLine($"echoed {copy.Length} bytes");
        return copy;
    }

    /// <summary>POCO and context in, void out: the only trace is the log line.</summary>
    public static void Record(Payload input, ILambdaContext context) => context.Logger.LogLine($"recorded {input.Message}");

    /// <summary>POCO in, Task out: the only trace is the log line.</summary>
    public static async Task RecordAsync(Payload input)
    {
        await Task.Yield();
        Console.WriteLine($"recorded {input.Message}");
    }

    /// <summary>POCO and context in, Task&lt;T&gt; out.</summary>
    public static async Task<Payload> EchoAsync(Payload input, ILambdaContext context)
    {
        await Task.Delay(1);
        return input;
    }

    /// <summary>No input, Stream out: UTF-8 text, no serializer involved.</summary>
    public static Stream Text() => new MemoryStream(Encoding.UTF8.GetBytes("plain text"));
}
