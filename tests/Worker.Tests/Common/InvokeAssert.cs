using System.Net;

namespace Faas.Worker.Tests.Common;

/// <summary>Assertions on what an Invoke caller sees.</summary>
public static class InvokeAssert
{
    /// <summary>200 without <c>X-Amz-Function-Error</c>.</summary>
    public static void Succeeded(InvokeResult result)
        => Assert.True(result.StatusCode == HttpStatusCode.OK && result.FunctionError is null, $"Expected success but got {result}");

    /// <summary>200 with <c>X-Amz-Function-Error: Unhandled</c> and Lambda's error JSON; returns the error.</summary>
    public static LambdaError FunctionError(InvokeResult result)
    {
        Assert.True(result.StatusCode == HttpStatusCode.OK && result.FunctionError == "Unhandled", $"Expected a function error but got {result}");
        var error = result.ReadError();
        Assert.False(string.IsNullOrEmpty(error.ErrorType), $"The error has no errorType: {result.BodyText}");
        return error;
    }

    /// <summary>A worker-level error: the status, <c>x-amzn-ErrorType</c> and a message in the JSON body.</summary>
    public static void ApiError(InvokeResult result, HttpStatusCode status, string errorType)
    {
        Assert.True(result.StatusCode == status, $"Expected {(int)status} {errorType} but got {result}");
        Assert.NotNull(result.ApiErrorType);
        // Clients split the header at ':' (a suffix is allowed).
        Assert.Equal(errorType, result.ApiErrorType.Split(':')[0]);
        Assert.Matches("\"[mM]essage\"\\s*:\\s*\"[^\"]+", result.BodyText);
    }
}
