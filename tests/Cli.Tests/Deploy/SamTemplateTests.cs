using Faas.Cli.CommandLine;
using Faas.Cli.Deploy;
using Faas.Cli.Tests.Common;

namespace Faas.Cli.Tests.Deploy;

public sealed class SamTemplateTests : IDisposable
{
    private readonly string _folder = TestPaths.NewTempFolder();

    [Fact]
    public void Read_FunctionWithGlobals_FunctionPropertiesWin()
    {
        var path = Write("""
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Timeout: 10
                MemorySize: 512
                Runtime: dotnet8
                Environment:
                  Variables:
                    SHARED: yes
                    MODE: global
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
              OrdersFunction:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: orders
                  CodeUri: ./src/Orders/
                  Handler: Orders::Orders.Function::Handle
                  MemorySize: 256
                  ReservedConcurrentExecutions: 4
                  Architectures: [arm64]
                  Environment:
                    Variables:
                      MODE: own
            """);

        var settings = SamTemplate.Read(path, []);

        Assert.Equal("orders", settings.Name);
        Assert.Equal("Orders::Orders.Function::Handle", settings.Handler);
        Assert.Equal("dotnet8", settings.Runtime);
        Assert.Equal(256, settings.MemorySize);
        Assert.Equal(10, settings.Timeout);
        Assert.Equal(4, settings.ReservedConcurrency);
        Assert.Equal("arm64", settings.Architecture);
        Assert.Equal("./src/Orders/", settings.CodeUri);
        Assert.Equal(new Dictionary<string, string> { ["SHARED"] = "yes", ["MODE"] = "own" }, settings.Environment);
    }

    [Fact]
    public void Read_CloudFormationFunctions_AreSkippedWithWarnings()
    {
        var path = Write("""
            Parameters:
              Stage:
                Type: String
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: !Sub "${Stage}-api"
                  Handler: Api::Api.Function::Handle
                  Role: !GetAtt ApiRole.Arn
                  MemorySize:
                    Ref: Memory
                  Environment:
                    Variables:
                      STAGE: !Ref Stage
                      TABLE: orders
            """);
        var warnings = new List<string>();

        var settings = SamTemplate.Read(path, warnings);

        Assert.Equal("Api", settings.Name);
        Assert.Equal("Api::Api.Function::Handle", settings.Handler);
        Assert.Null(settings.Role);
        Assert.Null(settings.MemorySize);
        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "orders" }, settings.Environment);
        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("FunctionName", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("STAGE", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_JsonServerlessTemplate_IsRead()
    {
        var path = Path.Combine(_folder, "serverless.template");
        File.WriteAllText(path, """
            {
              "Resources": {
                "Get": {
                  "Type": "AWS::Serverless::Function",
                  "Properties": { "Handler": "Web::Web.Functions::Get", "Runtime": "dotnet10", "Timeout": 30,
                                  "Role": { "Fn::GetAtt": ["Role", "Arn"] } }
                }
              }
            }
            """);
        var warnings = new List<string>();

        var settings = SamTemplate.Read(path, warnings);

        Assert.Equal("Get", settings.Name);
        Assert.Equal("Web::Web.Functions::Get", settings.Handler);
        Assert.Equal(30, settings.Timeout);
        Assert.Null(settings.Role);
        Assert.Single(warnings);
    }

    [Fact]
    public void Read_NoFunction_FailsInOneMessage()
    {
        var path = Write("""
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
            """);

        var error = Assert.Throws<CliException>(() => SamTemplate.Read(path, []));

        Assert.Contains("defines no AWS::Serverless::Function", error.Message);
    }

    [Fact]
    public void Read_BrokenYaml_FailsNamingTheLine()
    {
        var path = Write("Resources:\n  Fn:\n    Type: [unclosed\n");

        var error = Assert.Throws<CliException>(() => SamTemplate.Read(path, []));

        Assert.Contains("is not valid YAML", error.Message);
    }

    [Fact]
    public void Read_MemoryNotANumber_Fails()
    {
        var path = Write("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  MemorySize: big
            """);

        var error = Assert.Throws<CliException>(() => SamTemplate.Read(path, []));

        Assert.Contains("MemorySize must be a whole number", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_FaasMetadataIdempotency_BecomesTheConfigBody()
    {
        var path = Write("""
            Resources:
              Orders:
                Type: AWS::Serverless::Function
                Metadata:
                  Faas:
                    Idempotency:
                      KeySource: EVENT
                      EventKeyPath: powertools_json(body).orderId
                      ExpiresAfterSeconds: 600
                      PayloadValidation: true
                Properties:
                  Handler: Orders::Orders.Function::Handle
            """);

        var settings = SamTemplate.Read(path, []);

        Assert.Equal(
            """{"KeySource":"EVENT","EventKeyPath":"powertools_json(body).orderId","ExpiresAfterSeconds":600,"PayloadValidation":true}""",
            settings.Idempotency?.Config?.ToJsonString());
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_folder, "template.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
