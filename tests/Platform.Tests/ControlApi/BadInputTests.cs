using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.ControlApi;

/// <summary>Every bad input gets Lambda's error type, status and wording, and changes nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture fixture, ITestOutputHelper output) : ControlApiTestBase(fixture, output)
{
    private const string UnzipFailed = "Could not unzip uploaded file. Please check your file, then try to upload again.";

    [Fact]
    public async Task CreateFunction_MalformedJson_IsInvalidRequestContent()
    {
        var name = UniqueName("malformed");
        var count = await FunctionCountAsync();

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", $"{{\"FunctionName\":\"{name}\",\"Runtime\":");

        var message = await AssertErrorAsync(response, 400, "InvalidRequestContentException");
        Assert.StartsWith("Could not parse request body into json", message, StringComparison.Ordinal);
        await AssertAbsentAsync(name, count);
    }

    [Fact]
    public async Task CreateFunction_MemberOfTheWrongType_IsInvalidRequestContent()
    {
        var name = UniqueName("wrongtype");
        var body = CreateBody(name, Fixture.Zip("HandlerShapes"));
        body["MemorySize"] = "big";

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", body.ToJsonString());

        await AssertErrorAsync(response, 400, "InvalidRequestContentException");
        await AssertAbsentAsync(name, await FunctionCountAsync());
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("bad!name")]
    [InlineData("a-name-that-is-far-too-long-for-lambda-which-allows-sixty-four-chars")]
    public async Task CreateFunction_InvalidName_IsRefused(string name)
    {
        var count = await FunctionCountAsync();

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", CreateBody(name, Fixture.Zip("HandlerShapes")).ToJsonString());

        var message = await AssertErrorAsync(response, 400, "InvalidParameterValueException");
        Assert.Contains($"Value '{name}' at 'functionName' failed to satisfy constraint", message, StringComparison.Ordinal);
        Assert.Equal(count, await FunctionCountAsync());
    }

    [Fact]
    public async Task CreateFunction_CorruptZip_CouldNotUnzip()
    {
        var name = UniqueName("corrupt");
        var count = await FunctionCountAsync();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", CreateBody(name, garbage).ToJsonString());

        Assert.Equal(UnzipFailed, await AssertErrorAsync(response, 400, "InvalidParameterValueException"));
        await AssertAbsentAsync(name, count);
    }

    [Fact]
    public async Task CreateFunction_TruncatedZip_CouldNotUnzip()
    {
        var name = UniqueName("truncated");
        var count = await FunctionCountAsync();
        var zip = Fixture.Zip("HandlerShapes");

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", CreateBody(name, zip[..(zip.Length / 2)]).ToJsonString());

        Assert.Equal(UnzipFailed, await AssertErrorAsync(response, 400, "InvalidParameterValueException"));
        await AssertAbsentAsync(name, count);
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("lib/../../evil.txt")]
    [InlineData("/etc/evil.txt")]
    public async Task CreateFunction_ZipEntryEscapingTheFolder_CouldNotUnzip(string entry)
    {
        var name = UniqueName("zipslip");
        var count = await FunctionCountAsync();
        var zip = Fixture.Zip("HandlerShapes", builder => builder.AddFile(entry, "escaped"));

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", CreateBody(name, zip).ToJsonString());

        Assert.Equal(UnzipFailed, await AssertErrorAsync(response, 400, "InvalidParameterValueException"));
        await AssertAbsentAsync(name, count);
    }

    [Fact]
    public async Task CreateFunction_ZipOverFiftyMegabytes_IsTooLarge()
    {
        var name = UniqueName("huge");
        var count = await FunctionCountAsync();
        var body = CreateBody(name, new byte[52_428_801]);

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", body.ToJsonString());

        var message = await AssertErrorAsync(response, 413, "RequestEntityTooLargeException");
        Assert.Contains("CreateFunction", message, StringComparison.Ordinal);
        await AssertAbsentAsync(name, count);
    }

    [Fact]
    public async Task CreateFunction_S3OrImageCode_OnlyZipFileIsSupported()
    {
        var name = UniqueName("s3");
        var count = await FunctionCountAsync();
        var body = CreateBody(name, Fixture.Zip("HandlerShapes"));
        body["Code"] = new JsonObject { ["S3Bucket"] = "bucket", ["S3Key"] = "key.zip" };
        var image = CreateBody(name, Fixture.Zip("HandlerShapes"));
        image["Code"] = new JsonObject { ["ImageUri"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:latest" };
        var none = CreateBody(name, Fixture.Zip("HandlerShapes"));
        none.Remove("Code");

        using var s3 = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", body.ToJsonString());
        using var imageResponse = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", image.ToJsonString());
        using var noneResponse = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", none.ToJsonString());

        Assert.Contains("Only ZipFile is supported", await AssertErrorAsync(s3, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        Assert.Contains("Only ZipFile is supported", await AssertErrorAsync(imageResponse, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        Assert.Contains("source for function code", await AssertErrorAsync(noneResponse, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        await AssertAbsentAsync(name, count);
    }

    [Theory]
    [InlineData("Runtime", "python3.12", "Value python3.12 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [dotnet10, dotnet8, dotnet6, provided.al2023, provided.al2, provided]")]
    [InlineData("MemorySize", 64, "Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128")]
    [InlineData("MemorySize", 10241, "Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240")]
    [InlineData("Timeout", 0, "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    [InlineData("Timeout", 901, "Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900")]
    [InlineData("Handler", "has space", "at 'handler' failed to satisfy constraint")]
    public async Task CreateFunction_ValueOutOfRange_IsRefusedWithLambdasWording(string member, object value, string expected)
    {
        var name = UniqueName("range");
        var count = await FunctionCountAsync();
        var body = CreateBody(name, Fixture.Zip("HandlerShapes"));
        body[member] = JsonValue.Create(value);

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", body.ToJsonString());

        Assert.Contains(expected, await AssertErrorAsync(response, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        await AssertAbsentAsync(name, count);
    }

    [Fact]
    public async Task CreateFunction_ReservedOrOversizedEnvironment_IsRefused()
    {
        var name = UniqueName("env");
        var count = await FunctionCountAsync();
        var reserved = CreateBody(name, Fixture.Zip("HandlerShapes"));
        reserved["Environment"] = new JsonObject { ["Variables"] = new JsonObject { ["AWS_REGION"] = "x", ["MINE"] = "y" } };
        var oversized = CreateBody(name, Fixture.Zip("HandlerShapes"));
        oversized["Environment"] = new JsonObject { ["Variables"] = new JsonObject { ["BIG"] = new string('x', 4100) } };

        using var reservedResponse = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", reserved.ToJsonString());
        using var oversizedResponse = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", oversized.ToJsonString());

        Assert.EndsWith("Reserved keys used in this request: AWS_REGION", await AssertErrorAsync(reservedResponse, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        Assert.Contains("exceeded the 4KB limit", await AssertErrorAsync(oversizedResponse, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
        await AssertAbsentAsync(name, count);
    }

    [Fact]
    public async Task CreateFunction_Duplicate_IsAConflictAndKeepsTheFirst()
    {
        var name = UniqueName("duplicate");
        await CreateFunctionAsync(name);
        var before = await SnapshotAsync(name);

        using var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", CreateBody(name, ChangedZip()).ToJsonString());

        Assert.Equal($"Function already exist: {name}", await AssertErrorAsync(response, 409, "ResourceConflictException"));
        Assert.Equal(before, await SnapshotAsync(name));
    }

    [Fact]
    public async Task GetFunction_Unknown_IsNotFoundWithTheArn()
    {
        var name = UniqueName("unknown");

        using var response = await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}");
        using var version = await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}/configuration?Qualifier=3");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal($"Function not found: arn:aws:lambda:us-east-1:000000000000:function:{name}", await AssertErrorAsync(response, 404, "ResourceNotFoundException"));
        Assert.Equal($"Function not found: arn:aws:lambda:us-east-1:000000000000:function:{name}:3", await AssertErrorAsync(version, 404, "ResourceNotFoundException"));
        Assert.Equal("User", JsonDocument.Parse(body).RootElement.GetProperty("Type").GetString());
    }

    [Theory]
    [InlineData("/2015-03-31/functions/bad!name/configuration", "at 'functionName' failed to satisfy constraint")]
    [InlineData("/2015-03-31/functions/fn%3A1/configuration?Qualifier=2", "The derived qualifier from the function name does not match the specified qualifier.")]
    [InlineData("/2015-03-31/functions?MaxItems=0", "at 'maxItems' failed to satisfy constraint")]
    [InlineData("/2015-03-31/functions?Marker=%25%25", "Invalid Marker")]
    [InlineData("/2015-03-31/functions?FunctionVersion=SOME", "at 'functionVersion' failed to satisfy constraint")]
    public async Task Get_BadPathOrQuery_IsInvalidParameterValue(string path, string expected)
    {
        using var response = await SendAsync(HttpMethod.Get, path);

        Assert.Contains(expected, await AssertErrorAsync(response, 400, "InvalidParameterValueException"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_BadInput_ChangesNothing()
    {
        var name = UniqueName("badupdate");
        await CreateFunctionAsync(name);
        var before = await SnapshotAsync(name);

        using var memory = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration", "{\"MemorySize\":100000}");
        using var runtime = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration", "{\"Runtime\":\"nodejs22.x\",\"Timeout\":5}");
        using var revision = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration", $"{{\"Timeout\":5,\"RevisionId\":\"{Guid.NewGuid()}\"}}");
        using var malformed = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration", "{\"Timeout\":");
        using var layers = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration", "{\"Layers\":[\"arn:aws:lambda:us-east-1:000000000000:layer:x:1\"]}");

        await AssertErrorAsync(memory, 400, "InvalidParameterValueException");
        await AssertErrorAsync(runtime, 400, "InvalidParameterValueException");
        Assert.StartsWith("The Revision Id provided does not match", await AssertErrorAsync(revision, 412, "PreconditionFailedException"), StringComparison.Ordinal);
        await AssertErrorAsync(malformed, 400, "InvalidRequestContentException");
        await AssertErrorAsync(layers, 400, "InvalidParameterValueException");
        Assert.Equal(before, await SnapshotAsync(name));
    }

    [Fact]
    public async Task UpdateFunctionCode_BadInput_ChangesNothing()
    {
        var name = UniqueName("badcode");
        await CreateFunctionAsync(name);
        var before = await SnapshotAsync(name);
        var zip = Convert.ToBase64String(ChangedZip());

        using var revision = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/code", $"{{\"ZipFile\":\"{zip}\",\"RevisionId\":\"{Guid.NewGuid()}\"}}");
        using var slip = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/code",
            $"{{\"ZipFile\":\"{Convert.ToBase64String(Fixture.Zip("HandlerShapes", b => b.AddFile("../../x", "x")))}\"}}");
        using var qualified = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}:1/code", $"{{\"ZipFile\":\"{zip}\"}}");
        using var unknown = await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}-nope/code", $"{{\"ZipFile\":\"{zip}\"}}");

        await AssertErrorAsync(revision, 412, "PreconditionFailedException");
        Assert.Equal(UnzipFailed, await AssertErrorAsync(slip, 400, "InvalidParameterValueException"));
        await AssertErrorAsync(qualified, 400, "InvalidParameterValueException");
        await AssertErrorAsync(unknown, 404, "ResourceNotFoundException");
        Assert.Equal(before, await SnapshotAsync(name));
    }

    [Fact]
    public async Task Tags_TagListUntag_OnTheFunctionArn()
    {
        var name = UniqueName("tags");
        await CreateFunctionAsync(name, "--tags", "team=core");
        var arn = $"arn:aws:lambda:us-east-1:000000000000:function:{name}";

        await LambdaOkAsync("tag-resource", "--resource", arn, "--tags", "stage=prod,owner=me");
        await LambdaOkAsync("untag-resource", "--resource", arn, "--tag-keys", "owner");
        var tags = (await LambdaOkAsync("list-tags", "--resource", arn))!.Value.GetProperty("Tags");
        using var reserved = await SendAsync(HttpMethod.Post, $"/2017-03-31/tags/{arn}", "{\"Tags\":{\"aws:x\":\"y\"}}");

        Assert.Equal("core", tags.GetProperty("team").GetString());
        Assert.Equal("prod", tags.GetProperty("stage").GetString());
        Assert.False(tags.TryGetProperty("owner", out _));
        await AssertErrorAsync(reserved, 400, "InvalidParameterValueException");
    }

    private static JsonObject CreateBody(string name, byte[] zip) => new()
    {
        ["FunctionName"] = name,
        ["Runtime"] = Runtime,
        ["Handler"] = Handler,
        ["Role"] = Role,
        ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip) },
    };

    private async Task<long> FunctionCountAsync()
        => (await LambdaOkAsync("get-account-settings"))!.Value.GetProperty("AccountUsage").GetProperty("FunctionCount").GetInt64();

    private async Task AssertAbsentAsync(string name, long functionCount)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(functionCount, await FunctionCountAsync());
    }
}
