using Faas.Gateway.ControlApi;

namespace Faas.Gateway.Tests.ControlApi;

public sealed class FunctionNamesTests
{
    [Theory]
    [InlineData("my-fn", "my-fn", null)]
    [InlineData("my_fn:live", "my_fn", "live")]
    [InlineData("my-fn:3", "my-fn", "3")]
    [InlineData("my-fn:$LATEST", "my-fn", "$LATEST")]
    [InlineData("my-fn%3A%24LATEST", "my-fn", "$LATEST")]
    [InlineData("arn:aws:lambda:us-west-2:123456789012:function:my-fn", "my-fn", null)]
    [InlineData("arn:aws:lambda:us-west-2:123456789012:function:my-fn:live", "my-fn", "live")]
    [InlineData("arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Amy-fn%3A7", "my-fn", "7")]
    [InlineData("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-fn", "my-fn", null)]
    [InlineData("123456789012:function:my-fn", "my-fn", null)]
    [InlineData("123456789012:function:my-fn:2", "my-fn", "2")]
    [InlineData("function:my-fn", "my-fn", null)]
    [InlineData("my.fn.v2", "my.fn.v2", null)]
    [InlineData("a-name-of-sixty-four-characters-which-is-as-long-as-lambda-allow", "a-name-of-sixty-four-characters-which-is-as-long-as-lambda-allow", null)]
    public void TryParse_LambdaForms_SplitsNameAndQualifier(string value, string name, string? qualifier)
    {
        var parsed = FunctionNames.TryParse(value, out var parsedName, out var parsedQualifier);

        Assert.True(parsed);
        Assert.Equal(name, parsedName);
        Assert.Equal(qualifier, parsedQualifier);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bad name")]
    [InlineData("bad!name")]
    [InlineData("my-fn:bad qualifier")]
    [InlineData("my-fn:a:b")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("a-name-that-is-far-too-long-for-lambda-which-allows-sixty-four-chars")]
    public void TryParse_NotAFunctionName_IsFalse(string? value)
    {
        Assert.False(FunctionNames.TryParse(value, out _, out _));
    }

    [Fact]
    public void Parse_QualifierInNameAndQuery_MustAgree()
    {
        var agree = FunctionNames.Parse("my-fn:3", "3", out var name, out var qualifier);
        var conflict = FunctionNames.Parse("my-fn:3", "4", out _, out _);
        var queryOnly = FunctionNames.Parse("my-fn", "live", out _, out var fromQuery);

        Assert.Null(agree);
        Assert.Equal("my-fn", name);
        Assert.Equal("3", qualifier);
        Assert.Equal("InvalidParameterValueException", conflict?.ErrorType);
        Assert.Equal("The derived qualifier from the function name does not match the specified qualifier.", conflict?.Message);
        Assert.Null(queryOnly);
        Assert.Equal("live", fromQuery);
    }

    [Theory]
    [InlineData("bad qualifier")]
    [InlineData("semi;colon")]
    public void Parse_MalformedQueryQualifier_IsInvalidParameterValue(string qualifier)
    {
        var error = FunctionNames.Parse("my-fn", qualifier, out _, out _);

        Assert.Equal(400, error?.StatusCode);
        Assert.Contains("at 'qualifier' failed to satisfy constraint", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidName_NamesTheValueAndThePattern()
    {
        var error = FunctionNames.Parse("bad name", null, out _, out _);

        Assert.Equal("InvalidParameterValueException", error?.ErrorType);
        Assert.StartsWith("1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern:", error?.Message, StringComparison.Ordinal);
    }
}
