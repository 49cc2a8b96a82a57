using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.FunctionUrls;

/// <summary>Deploys UrlEcho handlers behind function URLs with the AWS CLI and calls them with a plain HTTP client.</summary>
public abstract class FunctionUrlTestBase(PlatformFixture fixture, ITestOutputHelper output) : PlatformTestBase(fixture, output)
{
    protected const string EchoHandler = "UrlEcho::UrlEcho.Functions::Echo";

    /// <summary>The CLI used to deploy (a test against an enforcing gateway passes a signing one).</summary>
    protected virtual AwsCli Aws => Fixture.Aws;

    /// <summary>Creates a function running <paramref name="handler"/> and its URL; returns the URL the CLI printed.</summary>
    protected async Task<Uri> CreateUrlFunctionAsync(
        string handler, string authType = "NONE", Dictionary<string, string>? environment = null, string? cors = null) =>
        (await CreateNamedUrlFunctionAsync(handler, authType, environment, cors)).Url;

    /// <summary>Creates a function running <paramref name="handler"/> and its URL; returns the function's name and URL.</summary>
    protected async Task<(string Name, Uri Url)> CreateNamedUrlFunctionAsync(
        string handler, string authType = "NONE", Dictionary<string, string>? environment = null, string? cors = null)
    {
        var name = UniqueName("url");
        var zip = Path.Combine(Fixture.RootDirectory, "cli-zips", $"{name}.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        await File.WriteAllBytesAsync(zip, Fixture.Zip("UrlEcho"));
        List<string> create =
        [
            "create-function", "--function-name", name, "--runtime", "dotnet10", "--handler", handler,
            "--role", "arn:aws:iam::000000000000:role/lambda-role", "--zip-file", $"fileb://{zip}", "--timeout", "30",
        ];
        if (environment is not null)
        {
            create.AddRange(["--environment", JsonSerializer.Serialize(new { Variables = environment })]);
        }

        var created = await Aws.LambdaAsync([.. create]);
        Assert.True(created.ExitCode == 0, created.ToString());

        List<string> url = ["create-function-url-config", "--function-name", name, "--auth-type", authType];
        if (cors is not null)
        {
            url.AddRange(["--cors", cors]);
        }

        var configured = await Aws.LambdaAsync([.. url]);
        Assert.True(configured.ExitCode == 0, configured.ToString());
        return (name, new Uri(configured.Json.GetProperty("FunctionUrl").GetString()!));
    }

    /// <summary>The url id of a function URL: <c>.../lambda-url/{id}/</c>.</summary>
    protected static string UrlId(Uri url) => url.Segments[^1].TrimEnd('/');
}
