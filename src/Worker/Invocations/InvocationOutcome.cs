using System.Buffers;

namespace Faas.Worker.Invocations;

/// <summary>Why an invocation ended, each mapped once to what the caller sees.</summary>
internal enum InvocationOutcomeKind
{
    /// <summary>The runtime posted a response.</summary>
    Success,

    /// <summary>The runtime posted an invocation error.</summary>
    FunctionError,

    /// <summary>The function ran past its timeout; the environment was killed.</summary>
    Timeout,

    /// <summary>The runtime process exited before answering.</summary>
    ExitError,

    /// <summary>The environment went over its memory size and was stopped.</summary>
    OutOfMemory,

    /// <summary>The runtime's response was over Lambda's 6 MB limit.</summary>
    ResponseTooLarge,

    /// <summary>The environment could not initialise; the body is its init error.</summary>
    InitError,
}

/// <summary>The result of one invocation: the body the caller gets and whether it is a function error.</summary>
internal sealed class InvocationOutcome : IDisposable
{
    private byte[]? _buffer;

    private InvocationOutcome(InvocationOutcomeKind kind, byte[]? buffer, int length, bool pooled, string? contentType)
    {
        Kind = kind;
        _buffer = buffer;
        Length = length;
        Pooled = pooled;
        ContentType = contentType;
    }

    /// <summary>Why the invocation ended.</summary>
    public InvocationOutcomeKind Kind { get; }

    /// <summary>The body bytes.</summary>
    public ReadOnlyMemory<byte> Body => _buffer.AsMemory(0, Length);

    /// <summary>Number of body bytes.</summary>
    public int Length { get; }

    /// <summary>The content type the runtime gave its response, if any.</summary>
    public string? ContentType { get; }

    /// <summary>True for every outcome but <see cref="InvocationOutcomeKind.Success"/>: the caller sees <c>X-Amz-Function-Error</c>.</summary>
    public bool IsFunctionError => Kind != InvocationOutcomeKind.Success;

    /// <summary>True when the environment cannot be reused and must be replaced.</summary>
    public bool ResetsEnvironment => Kind is InvocationOutcomeKind.Timeout or InvocationOutcomeKind.ExitError or InvocationOutcomeKind.OutOfMemory;

    private bool Pooled { get; }

    /// <summary>An outcome whose body is a pooled buffer the outcome now owns.</summary>
    public static InvocationOutcome FromPooled(InvocationOutcomeKind kind, byte[] buffer, int length, string? contentType = null)
        => new(kind, buffer, length, pooled: true, contentType);

    /// <summary>An outcome whose body is an error built by the worker.</summary>
    public static InvocationOutcome FromError(InvocationOutcomeKind kind, string errorType, string errorMessage)
    {
        var body = LambdaErrorJson.Serialize(errorType, errorMessage);
        return new(kind, body, body.Length, pooled: false, "application/json");
    }

    /// <summary>An outcome with a ready-made body.</summary>
    public static InvocationOutcome FromBytes(InvocationOutcomeKind kind, byte[] body)
        => new(kind, body, body.Length, pooled: false, "application/json");

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (Pooled && buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
