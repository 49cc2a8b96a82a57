using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Functions;

namespace Faas.Scheduler.Tests.Functions;

public sealed class FunctionValidationTests
{
    private static readonly FunctionSettings Valid = new() { Runtime = "dotnet10", Handler = "A::B.C::D" };

    [Theory]
    [InlineData("my-fn")]
    [InlineData("My_Fn-2")]
    [InlineData("a")]
    public void ValidateName_LambdaNames_AreAccepted(string name)
    {
        Assert.Null(FunctionValidation.ValidateName(name));
    }

    [Theory]
    [InlineData("", "Member must not be null")]
    [InlineData("has space", "Member must satisfy regular expression pattern")]
    [InlineData("dot.name", "Member must satisfy regular expression pattern")]
    [InlineData("a-name-that-is-far-too-long-for-lambda-which-allows-sixty-four-chars", "Member must have length less than or equal to 64")]
    public void ValidateName_Invalid_SaysWhy(string name, string why)
    {
        var error = FunctionValidation.ValidateName(name);

        Assert.Equal(RegistryErrorKind.InvalidParameter, error?.Kind);
        Assert.Contains(why, error?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dotnet10")]
    [InlineData("dotnet8")]
    [InlineData("dotnet6")]
    [InlineData("provided.al2023")]
    [InlineData("provided.al2")]
    [InlineData("provided")]
    public void ValidateSettings_SupportedRuntimes_AreAccepted(string runtime)
    {
        Assert.Null(FunctionValidation.ValidateSettings(Valid with { Runtime = runtime }, creating: true));
    }

    [Fact]
    public void ValidateSettings_CustomRuntimeWithoutHandler_IsAccepted()
    {
        Assert.Null(FunctionValidation.ValidateSettings(new FunctionSettings { Runtime = "provided.al2023" }, creating: true));
    }

    [Fact]
    public void ValidateSettings_DotNetWithoutHandlerOrNoRuntime_IsRefused()
    {
        const string Mandatory = "Runtime and Handler are mandatory parameters for functions created with deployment packages.";

        Assert.Equal(Mandatory, FunctionValidation.ValidateSettings(new FunctionSettings { Runtime = "dotnet10" }, creating: true)?.Message);
        Assert.Equal(Mandatory, FunctionValidation.ValidateSettings(new FunctionSettings { Handler = "x" }, creating: true)?.Message);
        Assert.Null(FunctionValidation.ValidateSettings(new FunctionSettings { MemorySize = 512 }, creating: false));
    }

    [Fact]
    public void ValidateSettings_UnsupportedRuntime_ListsTheSupportedOnes()
    {
        var error = FunctionValidation.ValidateSettings(Valid with { Runtime = "nodejs22.x" }, creating: true);

        Assert.Equal("Value nodejs22.x at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [dotnet10, dotnet8, dotnet6, provided.al2023, provided.al2, provided]", error?.Message);
    }

    public static TheoryData<FunctionSettings, string> OutOfRange => new()
    {
        { Valid with { MemorySize = 127 }, "Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128" },
        { Valid with { MemorySize = 10241 }, "Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240" },
        { Valid with { Timeout = 0 }, "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1" },
        { Valid with { Timeout = 901 }, "Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900" },
        { Valid with { EphemeralStorageSize = 511 }, "at 'ephemeralStorage.size'" },
        { Valid with { Handler = new string('h', 129) }, "at 'handler' failed to satisfy constraint: Member must have length less than or equal to 128" },
        { Valid with { Handler = "two words" }, "at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern" },
        { Valid with { Description = new string('d', 257) }, "at 'description' failed to satisfy constraint: Member must have length less than or equal to 256" },
        { Valid with { TracingMode = "Sometimes" }, "at 'tracingConfig.mode'" },
        { Valid with { Architectures = ["x86_64", "arm64"] }, "at 'architectures'" },
        { Valid with { Architectures = ["mips"] }, "Member must satisfy enum value set: [x86_64, arm64]" },
        { Valid with { LogFormat = "XML" }, "at 'loggingConfig.logFormat'" },
        { Valid with { ApplicationLogLevel = "LOUD" }, "at 'loggingConfig.applicationLogLevel'" },
        { Valid with { LogGroup = "has space" }, "at 'loggingConfig.logGroup'" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void ValidateSettings_OutOfRange_UsesLambdasWording(FunctionSettings settings, string expected)
    {
        var error = FunctionValidation.ValidateSettings(settings, creating: true);

        Assert.Equal(RegistryErrorKind.InvalidParameter, error?.Kind);
        Assert.Contains(expected, error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateEnvironment_ReservedKeys_AreNamed()
    {
        var error = FunctionValidation.ValidateEnvironment(new() { ["LAMBDA_TASK_ROOT"] = "x", ["AWS_REGION"] = "y", ["MINE"] = "z" });

        Assert.EndsWith("Reserved keys used in this request: AWS_REGION, LAMBDA_TASK_ROOT", error?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1BAD")]
    [InlineData("A")]
    [InlineData("HAS-DASH")]
    public void ValidateEnvironment_BadKey_IsRefusedWithoutQuotingIt(string key)
    {
        var error = FunctionValidation.ValidateEnvironment(new() { [key] = "secret-value" });

        Assert.Contains("at 'environment.variables'", error?.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateEnvironment_OverFourKilobytes_IsRefused()
    {
        Assert.Null(FunctionValidation.ValidateEnvironment(new() { ["BIG"] = new string('x', 4000) }));
        Assert.Contains("exceeded the 4KB limit", FunctionValidation.ValidateEnvironment(new() { ["BIG"] = new string('x', 4090) })?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("live", true)]
    [InlineData("v2-blue_green", true)]
    [InlineData("123", false)]
    [InlineData("$LATEST", false)]
    [InlineData("", false)]
    public void ValidateAliasName_NotAllDigits(string name, bool valid)
    {
        Assert.Equal(valid, FunctionValidation.ValidateAliasName(name) is null);
    }

    public static TheoryData<AliasSettings, string?> AliasSettingsCases => new()
    {
        { new AliasSettings { FunctionVersion = "$LATEST" }, null },
        { new AliasSettings { FunctionVersion = "3", AdditionalVersionWeights = new() { ["4"] = 0.5 } }, null },
        { new AliasSettings { FunctionVersion = "v3" }, "at 'functionVersion'" },
        { new AliasSettings { FunctionVersion = "3", AdditionalVersionWeights = new() { ["4"] = 1.01 } }, "Member must have value less than or equal to 1.0" },
        { new AliasSettings { FunctionVersion = "3", AdditionalVersionWeights = new() { ["4"] = -0.1 } }, "greater than or equal to 0.0" },
        { new AliasSettings { FunctionVersion = "3", AdditionalVersionWeights = new() { ["x"] = 0.1 } }, "[0-9]+" },
        { new AliasSettings { FunctionVersion = "3", AdditionalVersionWeights = new() { ["4"] = 0.1, ["5"] = 0.1 } }, "cannot be greater than 1" },
    };

    [Theory]
    [MemberData(nameof(AliasSettingsCases))]
    public void ValidateAliasSettings_VersionAndRouting(AliasSettings settings, string? expected)
    {
        var error = FunctionValidation.ValidateAliasSettings(settings);

        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error?.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ValidateTags_ReservedPrefixLengthsAndCount()
    {
        Assert.Null(FunctionValidation.ValidateTags(new() { ["team"] = "core" }));
        Assert.NotNull(FunctionValidation.ValidateTags(new() { ["aws:created"] = "x" }));
        Assert.NotNull(FunctionValidation.ValidateTags(new() { [new string('k', 129)] = "x" }));
        Assert.NotNull(FunctionValidation.ValidateTags(new() { ["k"] = new string('v', 257) }));
        Assert.NotNull(FunctionValidation.ValidateTags(Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v")));
    }
}
