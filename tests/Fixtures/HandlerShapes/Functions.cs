using System.Diagnostics;
using System.Text;
using Amazon.Lambda.Core;
using Amazon.Lambda.Serialization.SystemTextJson;

namespace HandlerShapes;

/// <summary>Instance handlers, created once per execution environment through the public parameterless constructor.</summary>
public class Functions
{
    /// <summary>POCO and context in, T out: returns the event.</summary>
    public Payload Echo(Payload input, ILambdaContext context)
    {
        context.Logger.LogLine($"echo {input.Message}");
        return input;
    }

    /// <summary>POCO in, T out, with camelCase names from a method-level serializer.</summary>
    [LambdaSerializer(typeof(CamelCaseLambdaJsonSerializer))]
    public Payload EchoCamelCase(Payload input) => input;

    /// <summary>Stream in, Stream out, on an instance.</summary>
    public Stream EchoStream(Stream input) => StaticHandlers.StreamEcho(input);

    /// <summary>What the function can see of its context and environment.</summary>
    public ContextFacts Facts(FactsRequest request, ILambdaContext context)
    {
        var taskRoot = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT");
        var tmp = Environment.GetEnvironmentVariable("TMPDIR");
        return new ContextFacts
        {
            AwsRequestId = context.AwsRequestId,
            FunctionName = context.FunctionName,
            FunctionVersion = context.FunctionVersion,
            InvokedFunctionArn = context.InvokedFunctionArn,
            MemoryLimitInMB = context.MemoryLimitInMB,
            RemainingTimeMs = (long)context.RemainingTime.TotalMilliseconds,
            LogGroupName = context.LogGroupName,
            LogStreamName = context.LogStreamName,
            TraceId = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"),
            ClientContextCustom = context.ClientContext?.Custom is { } custom ? new Dictionary<string, string>(custom) : null,
            TaskRoot = taskRoot,
            TmpDir = tmp,
            Region = Environment.GetEnvironmentVariable("AWS_REGION"),
            UserVariable = request.VariableName is null ? null : Environment.GetEnvironmentVariable(request.VariableName),
            CurrentDirectory = Environment.CurrentDirectory,
            CanWriteTaskRoot = CanWrite(taskRoot),
            CanWriteTmpDir = CanWrite(tmp),
        };
    }

    /// <summary>Writes the marker through each of the three ways a .NET function logs.</summary>
    public string Log(LogRequest request, ILambdaContext context)
    {
        context.Logger.LogLine($"{request.Marker} via ILambdaContext.Logger");
        LambdaLogger.Log($"{request.Marker} via LambdaLogger{Environment.NewLine}");
        Console.WriteLine($"{request.Marker} via Console");
        return "logged";
    }

    /// <summary>Fails with an exception that has an inner exception.</summary>
    public Payload Throw(Payload input)
    {
        try
        {
            throw new ArgumentException($"inner {input.Message}");
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"outer {input.Message}", e);
        }
    }

    /// <summary>Returns an object graph with a cycle, which no JSON serializer can write.</summary>
    public Node Unserializable()
    {
        var node = new Node { Name = "loop" };
        node.Next = node;
        return node;
    }

    /// <summary>Returns exactly the requested number of bytes.</summary>
    public Stream Bytes(BytesRequest request)
    {
        var bytes = new byte[request.Count];
        Array.Fill(bytes, (byte)'x');
        return new MemoryStream(bytes);
    }

    /// <summary>Sleeps, then says which process ran it.</summary>
    public async Task<SleepResult> Sleep(SleepRequest request, ILambdaContext context)
    {
        var stopwatch = Stopwatch.StartNew();
        await Task.Delay(request.Milliseconds);
        return new SleepResult
        {
            ProcessId = Environment.ProcessId,
            SleptMs = stopwatch.ElapsedMilliseconds,
            AwsRequestId = context.AwsRequestId,
        };
    }

    /// <summary>Allocates and touches memory until the platform stops it (or a safety cap is reached).</summary>
    public string Hog(HogRequest request)
    {
        const int ChunkMb = 8;
        var chunks = new List<byte[]>();
        for (var allocated = 0; allocated < request.MaxMb; allocated += ChunkMb)
        {
            var chunk = new byte[ChunkMb * 1024 * 1024];
            Array.Fill(chunk, (byte)1);
            chunks.Add(chunk);
        }

        return $"allocated {chunks.Count * ChunkMb} MB and was not stopped";
    }

    /// <summary>Ends the process the way a broken function does.</summary>
    public string Crash(CrashRequest request)
    {
        if (request.Mode == "failfast")
        {
            Environment.FailFast("The function asked to fail fast.");
        }

        Environment.Exit(3);
        return "unreachable";
    }

    private static bool CanWrite(string? directory)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return false;
        }

        var probe = Path.Combine(directory, $"probe-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(probe, "probe", Encoding.UTF8);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
