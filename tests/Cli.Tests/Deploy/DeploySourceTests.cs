using Faas.Cli.CommandLine;
using Faas.Cli.Deploy;
using Faas.Cli.Tests.Common;

namespace Faas.Cli.Tests.Deploy;

public sealed class DeploySourceTests : IDisposable
{
    private readonly string _folder = TestPaths.NewTempFolder();

    [Fact]
    public void Resolve_BootstrapFolder_IsACustomRuntimeZippedAsItIs()
    {
        File.WriteAllText(Path.Combine(_folder, "bootstrap"), "#!/bin/sh");

        var source = DeploySource.Resolve(_folder, new FunctionSettings { Name = "sh" }, _ => { });

        Assert.Null(source.Project);
        Assert.Null(source.Zip);
        Assert.Equal(_folder, source.Folder);
        Assert.Equal("provided.al2023", source.Settings.Runtime);
    }

    [Fact]
    public void Resolve_NeitherProjectNorBootstrap_FailsInOneMessage()
    {
        File.WriteAllText(Path.Combine(_folder, "readme.txt"), "nothing to deploy");

        var error = Assert.Throws<CliException>(() => DeploySource.Resolve(_folder, new FunctionSettings(), _ => { }));

        Assert.Contains("has no .NET project (*.csproj) and no bootstrap", error.Message);
    }

    [Fact]
    public void Resolve_MissingPath_FailsInOneMessage()
    {
        var error = Assert.Throws<CliException>(() => DeploySource.Resolve(Path.Combine(_folder, "nope"), new FunctionSettings(), _ => { }));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Resolve_TemplateWithCodeUri_BuildsTheProjectThere()
    {
        var code = Path.Combine(_folder, "src", "Orders");
        Directory.CreateDirectory(code);
        File.WriteAllText(Path.Combine(code, "Orders.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_folder, "template.yaml"), """
            Resources:
              Orders:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: src/Orders
                  Handler: Orders::Orders.Function::Handle
                  Timeout: 20
            """);

        var source = DeploySource.Resolve(_folder, new FunctionSettings { Timeout = 5 }, _ => { });

        Assert.Equal(Path.Combine(code, "Orders.csproj"), source.Project);
        Assert.Equal("Orders", source.Settings.Name);
        Assert.Equal(5, source.Settings.Timeout);
    }

    [Fact]
    public void Resolve_ToolsDefaultsAndTemplate_DefaultsWinOverTemplate()
    {
        File.WriteAllText(Path.Combine(_folder, "Fn.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_folder, "template.yaml"), """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: Fn::Fn.Function::FromTemplate
                  MemorySize: 256
            """);
        File.WriteAllText(Path.Combine(_folder, LambdaToolsDefaults.FileName), """{ "function-handler": "Fn::Fn.Function::FromDefaults" }""");

        var source = DeploySource.Resolve(_folder, new FunctionSettings(), _ => { });

        Assert.Equal("Fn::Fn.Function::FromDefaults", source.Settings.Handler);
        Assert.Equal(256, source.Settings.MemorySize);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
