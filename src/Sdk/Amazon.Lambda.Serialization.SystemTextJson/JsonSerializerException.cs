using System;

namespace Amazon.Lambda.Serialization.SystemTextJson;

/// <summary>Thrown when a Lambda event cannot be read from JSON or a response cannot be written as JSON.</summary>
public class JsonSerializerException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public JsonSerializerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the serializer error that caused it.</summary>
    public JsonSerializerException(string message, Exception exception)
        : base(message, exception)
    {
    }
}
