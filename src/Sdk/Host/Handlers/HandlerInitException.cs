using Faas.Host.Errors;

namespace Faas.Host.Handlers;

/// <summary>Init failed: either the host rejected the handler (<see cref="ErrorType"/>) or user code threw during init (<see cref="UserException"/>).</summary>
internal sealed class HandlerInitException : Exception
{
    public HandlerInitException()
    {
        ErrorType = "Runtime.Unknown";
    }

    public HandlerInitException(string message)
        : base(message)
    {
        ErrorType = "Runtime.Unknown";
    }

    public HandlerInitException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "Runtime.Unknown";
    }

    public HandlerInitException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    private HandlerInitException(Exception userException)
        : base(userException.Message, userException)
    {
        ErrorType = userException.GetType().Name;
        UserException = userException;
    }

    /// <summary>The Lambda error type reported to <c>/runtime/init/error</c>.</summary>
    public string ErrorType { get; }

    /// <summary>The user's exception (unwrapped from reflection wrappers) when user code failed during init.</summary>
    public Exception? UserException { get; }

    /// <summary>Wraps an exception thrown by a constructor, static constructor or serializer constructor.</summary>
    public static HandlerInitException FromUserCode(Exception exception) => new(Unwrap(exception));

    /// <summary>The error body for <c>/runtime/init/error</c>.</summary>
    public ErrorBody ToErrorBody()
        => UserException is null ? ErrorReport.FromMessage(ErrorType, Message) : ErrorReport.FromException(UserException);

    /// <summary>Removes <see cref="System.Reflection.TargetInvocationException"/> and <see cref="TypeInitializationException"/> layers.</summary>
    public static Exception Unwrap(Exception exception)
    {
        while (exception is System.Reflection.TargetInvocationException or TypeInitializationException && exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
