using System.Text;
using System.Text.Json;
using Faas.Cli.Tests.Common;

namespace Faas.Cli.Tests.EndToEnd;

/// <summary><c>faas up</c> as a user runs it: the instructions it prints work as printed.</summary>
[Collection(FaasUpCollection.Name)]
public sealed class UpTests(FaasUpFixture fixture)
{
    [Fact]
    public void Up_Ready_PrintsCurlFaasAndAwsCliInstructions()
    {
        var endpoint = fixture.Endpoint.ToString().TrimEnd('/');
        var stdout = fixture.Up.Stdout;

        Assert.Contains($"curl -s -X POST {endpoint}/2015-03-31/functions/hello/invocations -d '{{\"name\":\"Ada\"}}'", stdout);
        Assert.Contains($"faas invoke hello --payload '{{\"name\":\"Ada\"}}' --endpoint {endpoint}", stdout);
        Assert.Contains($"aws lambda invoke --endpoint-url {endpoint} --function-name hello", stdout);
        Assert.Contains("--cli-binary-format raw-in-base64-out --payload '{\"name\":\"Ada\"}' out.json", stdout);
        Assert.Contains("any credentials work on loopback", stdout);
        Assert.DoesNotContain("warning", fixture.Up.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Up_Example_AnswersThePrintedCurlRequest()
    {
        using var content = new StringContent("""{"name":"Ada"}""", Encoding.UTF8);

        using var response = await fixture.Http.PostAsync(new Uri(fixture.Endpoint, "2015-03-31/functions/hello/invocations"), content);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"message":"Hello, Ada!"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Up_Example_AnswersFaasInvoke()
    {
        var result = await fixture.FaasAsync("invoke", "hello", "--payload", """{"name":"Grace"}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""{"message":"Hello, Grace!"}""", result.Stdout.Trim());
    }

    [Fact]
    public async Task Up_Example_AnswersTheAwsCli()
    {
        var outFile = Path.Combine(fixture.DataDirectory, $"out-{Guid.NewGuid():N}.json");

        // The AWS CLI here is v1, which takes raw JSON payloads without --cli-binary-format.
        var result = await new AwsCli(fixture.Endpoint).LambdaAsync("invoke", "--function-name", "hello", "--payload", """{"name":"Linus"}""", outFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(200, result.Json.GetProperty("StatusCode").GetInt32());
        Assert.Equal("Hello, Linus!", JsonDocument.Parse(File.ReadAllText(outFile)).RootElement.GetProperty("message").GetString());
    }
}
