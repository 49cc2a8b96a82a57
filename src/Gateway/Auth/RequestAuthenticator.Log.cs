using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Auth;

internal sealed partial class RequestAuthenticator
{
    // Event ids 3701-3719 belong to authentication.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3701, EventName = "RequestDenied", Level = LogLevel.Information,
            Message = "Refused {Method} '{Path}': {ErrorType} (access key '{AccessKeyId}').")]
        public static partial void RequestDenied(ILogger logger, string method, string path, string errorType, string accessKeyId);

        [LoggerMessage(EventId = 3702, EventName = "CanonicalRequestMismatch", Level = LogLevel.Debug,
            Message = "Signature of access key '{AccessKeyId}' does not match; the canonical request computed here was:\n{CanonicalRequest}")]
        public static partial void CanonicalRequestMismatch(ILogger logger, string accessKeyId, string canonicalRequest);
    }
}
