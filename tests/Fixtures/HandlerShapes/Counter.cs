using Amazon.Lambda.Core;

namespace HandlerShapes;

/// <summary>An instance handler that counts constructions per process and invocations per instance.</summary>
public class Counter
{
    private static int _constructions;
    private int _invocations;

    public Counter()
    {
        Interlocked.Increment(ref _constructions);
    }

    public CounterResult Count(ILambdaContext context) => new()
    {
        Constructions = Volatile.Read(ref _constructions),
        Invocations = Interlocked.Increment(ref _invocations),
        ProcessId = Environment.ProcessId,
    };
}
