namespace Amazon.Lambda.Core;

/// <summary>Log levels of <see cref="ILambdaLogger"/>.</summary>
public enum LogLevel
{
    /// <summary>Most detailed messages.</summary>
    Trace = 0,

    /// <summary>Debugging messages.</summary>
    Debug = 1,

    /// <summary>General flow.</summary>
    Information = 2,

    /// <summary>Unexpected but recovered events.</summary>
    Warning = 3,

    /// <summary>Failures of the current operation.</summary>
    Error = 4,

    /// <summary>Failures that need immediate attention.</summary>
    Critical = 5,
}
