using System.IO;

namespace Amazon.Lambda.Core;

/// <summary>Converts a handler's input and output between streams and objects.</summary>
public interface ILambdaSerializer
{
    /// <summary>Reads an object of type <typeparamref name="T"/> from the request stream.</summary>
    T Deserialize<T>(Stream requestStream);

    /// <summary>Writes <paramref name="response"/> to the response stream.</summary>
    void Serialize<T>(T response, Stream responseStream);
}
