namespace Faas.Host.RuntimeApi;

/// <summary>The Runtime API answered 500 or the connection to it was lost: the environment is broken and the host must exit.</summary>
internal sealed class RuntimeApiUnavailableException : Exception
{
    public RuntimeApiUnavailableException()
    {
    }

    public RuntimeApiUnavailableException(string message)
        : base(message)
    {
    }

    public RuntimeApiUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
