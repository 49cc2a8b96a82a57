using System.Text.Json;
using Faas.Host.Errors;

namespace Faas.Sdk.Host.Tests.Errors;

public class ErrorReportTests
{
    [Fact]
    public void FromException_AggregateException_HasCauseAndCauses()
    {
        var exception = new AggregateException("many", new FormatException("one"), new TimeoutException("two"));

        var body = ErrorReport.FromException(exception);

        Assert.Equal("AggregateException", body.ErrorType);
        Assert.Equal("FormatException", body.Cause!.ErrorType);
        Assert.Equal(["FormatException", "TimeoutException"], body.Causes!.Select(c => c.ErrorType));
    }

    [Fact]
    public void ToJson_ThrownException_WritesLambdaShape()
    {
        var body = ErrorReport.FromException(Capture(() => throw new InvalidOperationException("bad")));

        using var json = JsonDocument.Parse(ErrorReport.ToJson(body));

        Assert.Equal("bad", json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", json.RootElement.GetProperty("errorType").GetString());
        Assert.StartsWith("at ", json.RootElement.GetProperty("stackTrace")[0].GetString(), StringComparison.Ordinal);
        Assert.False(json.RootElement.TryGetProperty("cause", out _));
    }

    [Fact]
    public void ToJson_HugeMessage_IsCappedAt256KB()
    {
        var body = ErrorReport.FromException(new InvalidOperationException(new string('\u00e9', 1_000_000), new FormatException("inner")));

        var json = ErrorReport.ToJson(body);

        Assert.True(json.Length <= ErrorReport.MaxBytes, $"{json.Length} bytes");
        using var document = JsonDocument.Parse(json);
        Assert.Equal("InvalidOperationException", document.RootElement.GetProperty("errorType").GetString());
    }

    private static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("No exception.");
    }
}
