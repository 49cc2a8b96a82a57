using System.Text;
using System.Text.Json;
using Faas.Cli.Tests.Common;
using Faas.Cli.Tests.CommandLine;

namespace Faas.Cli.Tests.EndToEnd;

/// <summary><c>faas ls</c> and <c>faas rm</c>.</summary>
[Collection(FaasUpCollection.Name)]
public sealed class ListAndRemoveTests(FaasUpFixture fixture)
{
    [Fact]
    public async Task Ls_Text_ShowsTheExampleAsARow()
    {
        var result = await fixture.FaasAsync("ls");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+RUNTIME\s+MEMORY\s+TIMEOUT\s+LAST MODIFIED$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^hello\s+dotnet10\s+256 MB\s+30 s\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$"));
    }

    [Fact]
    public async Task Ls_Json_FollowsEveryPage()
    {
        // More functions than one ListFunctions page (50) holds.
        var prefix = EndToEndNames.Unique("page");
        var zip = Convert.ToBase64String(File.ReadAllBytes(new FunctionPackageBuilder().AddFile("bootstrap", "#!/bin/sh\n", executable: true)
            .Build(Path.Combine(fixture.DataDirectory, $"{prefix}.zip")).Path));
        await Parallel.ForEachAsync(Enumerable.Range(0, 55), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var body = $$$"""{"FunctionName":"{{{prefix}}}-{{{i}}}","Runtime":"provided.al2023","Handler":"x","Role":"arn:aws:iam::000000000000:role/r","Code":{"ZipFile":"{{{zip}}}"}}""";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await fixture.Http.PostAsync(new Uri(fixture.Endpoint, "2015-03-31/functions"), content, ct);
            Assert.Equal(201, (int)response.StatusCode);
        });

        var result = await fixture.FaasAsync("ls", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var names = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()).ToList();
        Assert.Equal(55, names.Count(n => n!.StartsWith(prefix + "-", StringComparison.Ordinal)));
        Assert.Contains("hello", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public async Task Ls_Versions_CountsPublishedVersions()
    {
        var name = EndToEndNames.Unique("versions");
        var folder = ShellFunction.Create();
        try
        {
            var first = await fixture.FaasAsync("deploy", folder, "--name", name, "--publish");
            File.AppendAllText(Path.Combine(folder, "bootstrap"), "# changed\n");
            var second = await fixture.FaasAsync("deploy", folder, "--name", name, "--publish");
            Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.ToString() + second);

            var result = await fixture.FaasAsync("ls", "--versions");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains(result.Stdout.Split('\n'), l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^{name}\s+provided\.al2023\s+.*\s2$"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Rm_ThenInvoke_OneLineNotFound()
    {
        var name = EndToEndNames.Unique("gone");
        var folder = ShellFunction.Create();
        try
        {
            var deploy = await fixture.FaasAsync("deploy", folder, "--name", name);
            Assert.True(deploy.ExitCode == 0, deploy.ToString());

            var removed = await fixture.FaasAsync("rm", name);
            var invoke = await fixture.FaasAsync("invoke", name);
            var again = await fixture.FaasAsync("rm", name);

            Assert.True(removed.ExitCode == 0, removed.ToString());
            Assert.Equal($"Deleted {name}.", removed.Stdout.Trim());
            CommandLineErrorTests.AssertOneLineFailure(invoke, 1, $"faas: function '{name}' not found");
            CommandLineErrorTests.AssertOneLineFailure(again, 1, $"faas: function '{name}' not found");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
