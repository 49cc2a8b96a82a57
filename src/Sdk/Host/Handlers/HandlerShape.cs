namespace Faas.Host.Handlers;

/// <summary>Which parameters a handler method takes.</summary>
internal enum ParameterShape
{
    /// <summary><c>()</c></summary>
    None,

    /// <summary><c>(ILambdaContext)</c></summary>
    ContextOnly,

    /// <summary><c>(TInput)</c></summary>
    Input,

    /// <summary><c>(TInput, ILambdaContext)</c></summary>
    InputAndContext,
}

/// <summary>How a handler's result becomes the response body.</summary>
internal enum ReturnShape
{
    /// <summary><c>void</c>: empty body.</summary>
    Void,

    /// <summary><c>Task</c>: awaited, empty body.</summary>
    Task,

    /// <summary><c>T</c> (or a <c>Stream</c>): serialized (or copied raw).</summary>
    Value,

    /// <summary><c>Task&lt;T&gt;</c> (or <c>Task&lt;Stream&gt;</c>): awaited, then serialized (or copied raw).</summary>
    TaskOfValue,
}

/// <summary>The validated signature of a handler method.</summary>
/// <param name="Parameters">Which parameters the method takes.</param>
/// <param name="InputType">The input parameter type, or null when there is none.</param>
/// <param name="Return">How the result is produced.</param>
/// <param name="OutputType">The value type for <see cref="ReturnShape.Value"/> and <see cref="ReturnShape.TaskOfValue"/>, else null.</param>
internal sealed record HandlerShape(ParameterShape Parameters, Type? InputType, ReturnShape Return, Type? OutputType)
{
    /// <summary>True when the input is deserialized (any input type but <see cref="Stream"/>).</summary>
    public bool SerializesInput => InputType is not null && InputType != typeof(Stream);

    /// <summary>True when the output is serialized (any value type that is not a <see cref="Stream"/>).</summary>
    public bool SerializesOutput => OutputType is not null && !typeof(Stream).IsAssignableFrom(OutputType);

    /// <summary>True when the handler cannot run without a serializer.</summary>
    public bool NeedsSerializer => SerializesInput || SerializesOutput;
}
