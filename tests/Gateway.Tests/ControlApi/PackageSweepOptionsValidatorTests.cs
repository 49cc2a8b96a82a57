using Faas.Gateway.ControlApi;

namespace Faas.Gateway.Tests.ControlApi;

public sealed class PackageSweepOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:00.001")]
    [InlineData("00:00:00.100")]
    [InlineData("00:10:00")]
    public void Validate_IntervalOffOrInRange_Succeeds(string interval)
    {
        var options = new GatewayOptions { PackageSweepInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.True(new PackageSweepOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_IntervalTooShort_FailsNamingTheKey()
    {
        var options = new GatewayOptions { PackageSweepInterval = TimeSpan.FromMilliseconds(10) };

        var result = new PackageSweepOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith("Gateway:PackageSweepInterval must be", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:00.001")]
    [InlineData("00:00:00.500")]
    public void Validate_GracePeriodUnderASecond_FailsNamingTheKey(string grace)
    {
        var options = new GatewayOptions { PackageGracePeriod = TimeSpan.Parse(grace, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new PackageSweepOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith("Gateway:PackageGracePeriod must be between", result.FailureMessage, StringComparison.Ordinal);
    }
}
