using System.Reflection;
using Amazon.Lambda.Core;

namespace Faas.Host.Logging;

/// <summary>
/// Routes the static <see cref="LambdaLogger"/> to the host's logger by setting its private static fields, as AWS's runtime
/// does: handlers always see the host's Amazon.Lambda.Core, so one binding covers every handler.
/// </summary>
internal static class LambdaLoggerBinding
{
    /// <summary>Points <see cref="LambdaLogger"/> and the console writers at <paramref name="sink"/>.</summary>
    public static void Bind(LogSink sink, ILambdaLogger logger)
    {
        var type = typeof(LambdaLogger);
        Set(type, "_loggingAction", new Action<string>(message => sink.Write(LogLevelNames.Information, message)));
        Set(type, "_loggingWithLevelAction", new Action<string, string, object[]>((level, message, args) => logger.Log(level, message, args)));
        Set(type, "_loggingWithLevelAndExceptionAction",
            new Action<string, Exception, string, object[]>((level, exception, message, args) => logger.Log(level, exception, message, args)));
    }

    private static void Set(Type type, string name, Delegate value)
    {
        var field = type.GetField(name, BindingFlags.NonPublic | BindingFlags.Static);
        if (field is not null && field.FieldType.IsInstanceOfType(value))
        {
            field.SetValue(null, value);
        }
    }
}
