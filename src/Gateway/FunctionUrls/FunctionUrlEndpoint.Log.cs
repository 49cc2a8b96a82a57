using Microsoft.Extensions.Logging;

namespace Faas.Gateway.FunctionUrls;

internal sealed partial class FunctionUrlEndpoint
{
    // Event ids 3801-3819 belong to function URLs.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3801, EventName = "FunctionUrlInvocationRefused", Level = LogLevel.Debug,
            Message = "Function URL '{UrlId}' could not invoke '{FunctionName}': {ErrorType}.")]
        public static partial void InvocationRefused(ILogger logger, string urlId, string functionName, string errorType);

        [LoggerMessage(EventId = 3802, EventName = "FunctionUrlFunctionFailed", Level = LogLevel.Debug,
            Message = "Function URL '{UrlId}': '{FunctionName}' failed ({FunctionError}); answering 502.")]
        public static partial void FunctionFailed(ILogger logger, string urlId, string functionName, string functionError);

        [LoggerMessage(EventId = 3803, EventName = "FunctionUrlResponseUnmappable", Level = LogLevel.Information,
            Message = "Function URL '{UrlId}': the answer of '{FunctionName}' cannot become an HTTP response ({Problem}); answering 502.")]
        public static partial void UnmappableResponse(ILogger logger, string urlId, string functionName, string problem);
    }
}
