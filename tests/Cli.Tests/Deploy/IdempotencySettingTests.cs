using Faas.Cli.CommandLine;
using Faas.Cli.Deploy;

namespace Faas.Cli.Tests.Deploy;

public sealed class IdempotencySettingTests
{
    [Theory]
    [InlineData("off", null)]
    [InlineData("header", """{"KeySource":"HEADER"}""")]
    [InlineData("event:Records[0].messageId", """{"KeySource":"EVENT","EventKeyPath":"Records[0].messageId"}""")]
    [InlineData("""{"KeySource":"HEADER","KeyRequired":true}""", """{"KeySource":"HEADER","KeyRequired":true}""")]
    public void Parse_ShorthandsAndJson_GiveTheConfigBody(string spec, string? body)
    {
        var setting = IdempotencySetting.Parse(spec, "--idempotency");

        Assert.Equal(body is null, setting.Off);
        Assert.Equal(body, setting.Config?.ToJsonString());
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("event:")]
    [InlineData("[1]")]
    [InlineData("{not json")]
    public void Parse_UnknownForm_FailsNamingTheForms(string spec)
    {
        var error = Assert.Throws<CliException>(() => IdempotencySetting.Parse(spec, "--idempotency"));

        Assert.Contains("header, event:PATH, off", error.Message, StringComparison.Ordinal);
    }
}
