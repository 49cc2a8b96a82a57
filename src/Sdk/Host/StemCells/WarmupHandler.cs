using System.Text.Json;
using Amazon.Lambda.Core;

namespace Faas.Host.StemCells;

/// <summary>An internal handler the stem cell runs once so handler resolution, invokers and JSON paths are JIT-compiled before specialisation.</summary>
internal sealed class WarmupHandler
{
    /// <summary>Echoes the payload with its counter incremented.</summary>
    [LambdaSerializer(typeof(WarmupSerializer))]
    public Task<WarmupPayload> HandleAsync(WarmupPayload input, ILambdaContext context)
    {
        context.Logger.LogLine(input.Name ?? "");
        return Task.FromResult(new WarmupPayload { Name = input.Name, Count = input.Count + 1 });
    }
}

/// <summary>The warm-up event.</summary>
internal sealed class WarmupPayload
{
    public string? Name { get; set; }

    public int Count { get; set; }
}

/// <summary>A reflection-based System.Text.Json serializer like the ones handlers use, to warm those code paths.</summary>
internal sealed class WarmupSerializer : ILambdaSerializer
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public T Deserialize<T>(Stream requestStream) => JsonSerializer.Deserialize<T>(requestStream, Options)!;

    public void Serialize<T>(T response, Stream responseStream) => JsonSerializer.Serialize(responseStream, response, Options);
}
