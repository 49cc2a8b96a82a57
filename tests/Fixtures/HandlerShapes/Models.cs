namespace HandlerShapes;

public class FactsRequest
{
    /// <summary>The name of a user environment variable to read.</summary>
    public string? VariableName { get; set; }
}

public class ContextFacts
{
    public string? AwsRequestId { get; set; }
    public string? FunctionName { get; set; }
    public string? FunctionVersion { get; set; }
    public string? InvokedFunctionArn { get; set; }
    public int MemoryLimitInMB { get; set; }
    public long RemainingTimeMs { get; set; }
    public string? LogGroupName { get; set; }
    public string? LogStreamName { get; set; }
    public string? TraceId { get; set; }
    public Dictionary<string, string>? ClientContextCustom { get; set; }
    public string? TaskRoot { get; set; }
    public string? TmpDir { get; set; }
    public string? Region { get; set; }
    public string? UserVariable { get; set; }
    public string? CurrentDirectory { get; set; }
    public bool CanWriteTaskRoot { get; set; }
    public bool CanWriteTmpDir { get; set; }
}

public class LogRequest
{
    public string Marker { get; set; } = "";
}

public class Node
{
    public string? Name { get; set; }
    public Node? Next { get; set; }
}

public class BytesRequest
{
    public int Count { get; set; }
}

public class SleepRequest
{
    public int Milliseconds { get; set; }
}

public class SleepResult
{
    public int ProcessId { get; set; }
    public long SleptMs { get; set; }
    public string? AwsRequestId { get; set; }
}

public class HogRequest
{
    /// <summary>A safety cap so a platform that enforces nothing does not take the whole machine.</summary>
    public int MaxMb { get; set; } = 4096;
}

public class CrashRequest
{
    /// <summary><c>exit</c> (Environment.Exit(3)) or <c>failfast</c> (Environment.FailFast).</summary>
    public string Mode { get; set; } = "exit";
}

public class CounterResult
{
    public int Constructions { get; set; }
    public int Invocations { get; set; }
    public int ProcessId { get; set; }
}
