using Amazon.Lambda.Core;

namespace Faas.Host.Handlers;

/// <summary>Reads the input and writes the output of a handler with input type <typeparamref name="TIn"/>.</summary>
/// <remarks>No-input handlers use <c>TIn = Stream</c> and ignore it. Reference-type instantiations share JIT code, so the stem cell's warm-up covers most handlers.</remarks>
internal abstract class TypedHandlerInvoker<TIn>(ParameterShape parameters, ILambdaSerializer? serializer) : HandlerInvoker
{
    private readonly bool _deserialize = parameters is ParameterShape.Input or ParameterShape.InputAndContext && typeof(TIn) != typeof(Stream);
    private readonly bool _passStream = parameters is ParameterShape.Input or ParameterShape.InputAndContext && typeof(TIn) == typeof(Stream);

    protected ILambdaSerializer? Serializer => serializer;

    protected TIn ReadInput(Stream input)
    {
        if (_deserialize)
        {
            return serializer!.Deserialize<TIn>(input);
        }

        return _passStream ? (TIn)(object)input : default!;
    }

    protected Stream? WriteOutput<TOut>(TOut value, Stream output)
    {
        if (OutputKind<TOut>.IsStream)
        {
            return (Stream?)(object?)value;
        }

        serializer!.Serialize(value, output);
        return null;
    }

    protected static Func<TIn, ILambdaContext, TRet> Normalize<TRet>(Delegate raw, ParameterShape parameters)
    {
        switch (parameters)
        {
            case ParameterShape.None:
                var none = (Func<TRet>)raw;
                return (_, _) => none();
            case ParameterShape.ContextOnly:
                var contextOnly = (Func<ILambdaContext, TRet>)raw;
                return (_, context) => contextOnly(context);
            case ParameterShape.Input:
                var inputOnly = (Func<TIn, TRet>)raw;
                return (input, _) => inputOnly(input);
            default:
                return (Func<TIn, ILambdaContext, TRet>)raw;
        }
    }

    private static class OutputKind<T>
    {
        public static readonly bool IsStream = typeof(Stream).IsAssignableFrom(typeof(T));
    }
}

/// <summary>A handler returning <c>void</c>.</summary>
internal sealed class VoidHandlerInvoker<TIn> : TypedHandlerInvoker<TIn>
{
    private readonly Action<TIn, ILambdaContext> _call;

    public VoidHandlerInvoker(Delegate raw, ParameterShape parameters, ILambdaSerializer? serializer)
        : base(parameters, serializer)
    {
        _call = parameters switch
        {
            ParameterShape.None => Wrap((Action)raw),
            ParameterShape.ContextOnly => Wrap((Action<ILambdaContext>)raw),
            ParameterShape.Input => Wrap((Action<TIn>)raw),
            _ => (Action<TIn, ILambdaContext>)raw,
        };
    }

    public override ValueTask<Stream?> InvokeAsync(Stream input, ILambdaContext context, Stream output)
    {
        _call(ReadInput(input), context);
        return default;
    }

    private static Action<TIn, ILambdaContext> Wrap(Action action) => (_, _) => action();

    private static Action<TIn, ILambdaContext> Wrap(Action<ILambdaContext> action) => (_, context) => action(context);

    private static Action<TIn, ILambdaContext> Wrap(Action<TIn> action) => (input, _) => action(input);
}

/// <summary>A handler returning <c>Task</c>.</summary>
internal sealed class TaskHandlerInvoker<TIn>(Delegate raw, ParameterShape parameters, ILambdaSerializer? serializer)
    : TypedHandlerInvoker<TIn>(parameters, serializer)
{
    private readonly Func<TIn, ILambdaContext, Task> _call = Normalize<Task>(raw, parameters);

    public override ValueTask<Stream?> InvokeAsync(Stream input, ILambdaContext context, Stream output)
    {
        var task = _call(ReadInput(input), context);
        if (task is null)
        {
            return default;
        }

        return task.IsCompletedSuccessfully ? default : AwaitAsync(task);
    }

    private static async ValueTask<Stream?> AwaitAsync(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }
}

/// <summary>A handler returning a value <typeparamref name="TOut"/> (serialized, or posted raw when it is a Stream).</summary>
internal sealed class ValueHandlerInvoker<TIn, TOut>(Delegate raw, ParameterShape parameters, ILambdaSerializer? serializer)
    : TypedHandlerInvoker<TIn>(parameters, serializer)
{
    private readonly Func<TIn, ILambdaContext, TOut> _call = Normalize<TOut>(raw, parameters);

    public override ValueTask<Stream?> InvokeAsync(Stream input, ILambdaContext context, Stream output)
        => new(WriteOutput(_call(ReadInput(input), context), output));
}

/// <summary>A handler returning <c>Task&lt;TOut&gt;</c>.</summary>
internal sealed class TaskOfValueHandlerInvoker<TIn, TOut>(Delegate raw, ParameterShape parameters, ILambdaSerializer? serializer)
    : TypedHandlerInvoker<TIn>(parameters, serializer)
{
    private readonly Func<TIn, ILambdaContext, Task<TOut>> _call = Normalize<Task<TOut>>(raw, parameters);

    public override ValueTask<Stream?> InvokeAsync(Stream input, ILambdaContext context, Stream output)
    {
        var task = _call(ReadInput(input), context);
        if (task is null)
        {
            return new(WriteOutput(default(TOut), output));
        }

        return task.IsCompletedSuccessfully ? new(WriteOutput(task.Result, output)) : AwaitAsync(task, output);
    }

    private async ValueTask<Stream?> AwaitAsync(Task<TOut> task, Stream output)
        => WriteOutput(await task.ConfigureAwait(false), output);
}
