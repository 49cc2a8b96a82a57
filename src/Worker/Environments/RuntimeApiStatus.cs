namespace Faas.Worker.Environments;

/// <summary>How the Runtime API answers a runtime's report, following Lambda's status codes.</summary>
internal enum RuntimeApiStatus
{
    /// <summary>202: the result was taken.</summary>
    Accepted,

    /// <summary>400 <c>InvalidRequestID</c>: the request id is not the one in flight.</summary>
    InvalidRequestId,

    /// <summary>403 <c>InvalidStateTransition</c>: no invocation or init is waiting for this report.</summary>
    InvalidStateTransition,
}
