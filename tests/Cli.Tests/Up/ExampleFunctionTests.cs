using Faas.Cli.Deploy;
using Faas.Cli.Tests.Common;
using Faas.Cli.Up;

namespace Faas.Cli.Tests.Up;

public sealed class ExampleFunctionTests
{
    [Fact]
    public void Settings_AreThoseOfTheExamplesToolsDefaults()
    {
        var fromFile = LambdaToolsDefaults.Read(TestPaths.ExampleSource);

        Assert.Equal(fromFile with { Configuration = null }, ExampleFunction.Settings);
    }

    [Fact]
    public void Folder_BesideTheCli_HoldsTheBuiltExample()
    {
        var folder = Path.Combine(Path.GetDirectoryName(TestPaths.CliDll)!, "examples", ExampleFunction.Name);

        Assert.True(File.Exists(Path.Combine(folder, "Hello.dll")), folder);
        Assert.True(File.Exists(Path.Combine(folder, "Hello.runtimeconfig.json")), folder);
        Assert.True(File.Exists(Path.Combine(folder, "Amazon.Lambda.Core.dll")), folder);
    }
}
