namespace Faas.Worker.Packages;

/// <summary>A deployment package that cannot be used, with the Lambda error type to report.</summary>
internal sealed class PackageException(string errorType, string message) : Exception(message)
{
    /// <summary>Lambda's error type, e.g. <c>InvalidZipFileException</c>.</summary>
    public string ErrorType { get; } = errorType;
}
