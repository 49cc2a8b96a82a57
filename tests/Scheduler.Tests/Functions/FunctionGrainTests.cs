using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Tests.Functions;

/// <summary>The registry grain's contract with the invoke path and the pool: what a qualifier resolves to and what the pool must keep.</summary>
public sealed class FunctionGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static readonly FunctionSettings DotNet = new() { Runtime = "dotnet10", Handler = "Fn::Fn.Handler::Handle", MemorySize = 256, Timeout = 9 };

    [Fact]
    public async Task ResolveAsync_LatestVersionAndWeightedAlias_ResolveToTheirSpecs()
    {
        var grain = await CreateAsync(publish: true);
        await grain.UpdateCodeAsync(Package("b"), publish: true, dryRun: false, revisionId: null);
        await grain.CreateAliasAsync("live", new AliasSettings { FunctionVersion = "1", AdditionalVersionWeights = new() { ["2"] = 0.3 } });
        await grain.SetReservedConcurrencyAsync(2);

        var latest = await grain.ResolveAsync(null);
        var explicitLatest = await grain.ResolveAsync("$LATEST");
        var version = await grain.ResolveAsync("1");
        var alias = await grain.ResolveAsync("live");
        var unknown = await grain.ResolveAsync("7");
        var missing = await silo.Grains.GetGrain<IFunctionGrain>("never-created").ResolveAsync(null);
        await grain.SetReservedConcurrencyAsync(null);

        Assert.Equal("$LATEST", latest?.Primary.Version);
        Assert.Equal(Package("b").Path, latest?.Primary.PackagePath);
        Assert.Equal(latest?.Primary, explicitLatest?.Primary);
        Assert.Equal(2, latest?.ReservedConcurrency);
        Assert.Null(latest?.Alias);
        Assert.Equal("1", version?.Primary.Version);
        Assert.Equal(Package("a").Path, version?.Primary.PackagePath);
        Assert.Equal(Package("a").CodeSha256, version?.Primary.CodeSha256);
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{version?.Primary.FunctionName}", version?.Primary.FunctionArn);
        Assert.Equal(256, version?.Primary.MemorySize);
        Assert.Equal(9, version?.Primary.Timeout);
        Assert.Equal("1", alias?.Primary.Version);
        Assert.Equal("2", alias?.Additional?.Version);
        Assert.Equal(0.3, alias?.AdditionalWeight);
        Assert.Equal("live", alias?.Alias);
        Assert.Null(unknown);
        Assert.Null(missing);
    }

    [Fact]
    public async Task ResolveAsync_LatestUpdated_GetsANewRevisionWhileVersionsKeepTheirs()
    {
        var grain = await CreateAsync(publish: true);
        var latestBefore = (await grain.ResolveAsync(null))!.Primary;
        var versionBefore = (await grain.ResolveAsync("1"))!.Primary;

        await grain.UpdateConfigurationAsync(new FunctionSettings { MemorySize = 1024 }, revisionId: latestBefore.RevisionId);

        var latestAfter = (await grain.ResolveAsync(null))!.Primary;
        Assert.NotEqual(latestBefore.RevisionId, latestAfter.RevisionId);
        Assert.Equal(1024, latestAfter.MemorySize);
        Assert.Equal(versionBefore, (await grain.ResolveAsync("1"))!.Primary);
    }

    [Fact]
    public async Task GetPoolPlanAsync_ReservedAndProvisioned_ResolvesAliasesToVersions()
    {
        var grain = await CreateAsync(publish: true);
        await grain.CreateAliasAsync("live", new AliasSettings { FunctionVersion = "1" });
        await grain.SetReservedConcurrencyAsync(3);
        await grain.PutProvisionedConcurrencyAsync("live", 2);

        var plan = await grain.GetPoolPlanAsync();
        await grain.DeleteAsync(null);
        var deleted = await grain.GetPoolPlanAsync();

        Assert.True(plan.Exists);
        Assert.Equal(3, plan.ReservedConcurrency);
        var target = Assert.Single(plan.Provisioned);
        Assert.Equal("live", target.Qualifier);
        Assert.Equal("1", target.Version.Version);
        Assert.Equal(2, target.Count);
        Assert.False(deleted.Exists);
        Assert.Empty(deleted.Provisioned);
    }

    [Fact]
    public async Task SetReservedConcurrencyAsync_AcrossFunctions_KeepsTheAccountsUnreservedFloor()
    {
        var first = await CreateAsync();
        var second = await CreateAsync();

        var firstOk = await first.SetReservedConcurrencyAsync(15);
        var secondTooMuch = await second.SetReservedConcurrencyAsync(6);
        var secondOk = await second.SetReservedConcurrencyAsync(5);
        var summary = await silo.Grains.GetGrain<IFunctionIndexGrain>(IFunctionIndexGrain.Key).GetAccountSummaryAsync();
        await first.DeleteAsync(null);
        var secondAfterDelete = await second.SetReservedConcurrencyAsync(20);
        await second.SetReservedConcurrencyAsync(null);

        Assert.Null(firstOk.Error);
        Assert.Equal(RegistryErrorKind.InvalidParameter, secondTooMuch.Error?.Kind);
        Assert.Contains("minimum value of [100]", secondTooMuch.Error?.Message, StringComparison.Ordinal);
        Assert.Null(secondOk.Error);
        Assert.Equal(100, summary.UnreservedConcurrentExecutions);
        Assert.Null(secondAfterDelete.Error);
    }

    [Fact]
    public async Task PublishVersionAsync_NumbersAreNeverReused()
    {
        var grain = await CreateAsync(publish: true);
        var unchanged = await grain.PublishVersionAsync(null, null, null);
        await grain.UpdateCodeAsync(Package("b"), publish: true, dryRun: false, revisionId: null);
        await grain.DeleteAsync("2");
        await grain.UpdateCodeAsync(Package("c"), publish: false, dryRun: false, revisionId: null);

        var next = await grain.PublishVersionAsync(null, "third", null);

        Assert.Equal("1", unchanged.Value?.Version);
        Assert.Equal("3", next.Value?.Version);
        Assert.Equal("third", next.Value?.Description);
        Assert.Equal(["$LATEST", "1", "3"], (await grain.ListVersionsAsync()).Value!.Select(v => v.Version));
    }

    [Fact]
    public async Task CreateAsync_InvalidSettings_CreatesNothing()
    {
        var name = $"invalid-{Guid.NewGuid():N}"[..20];
        var grain = silo.Grains.GetGrain<IFunctionGrain>(name);

        var result = await grain.CreateAsync(DotNet with { MemorySize = 64 }, Package("a"), publish: false, tags: null);

        Assert.Equal(RegistryErrorKind.InvalidParameter, result.Error?.Kind);
        Assert.Equal(RegistryErrorKind.NotFound, (await grain.GetAsync(null)).Error?.Kind);
        var names = await silo.Grains.GetGrain<IFunctionIndexGrain>(IFunctionIndexGrain.Key).ListAsync(name, 1);
        Assert.DoesNotContain(name, names.Names);
    }

    [Fact]
    public async Task FunctionIndex_ListAsync_PagesInOrdinalOrder()
    {
        var prefix = $"idx-{Guid.NewGuid():N}"[..12];
        foreach (var suffix in new[] { "b", "a", "C" })
        {
            await silo.Grains.GetGrain<IFunctionGrain>($"{prefix}-{suffix}").CreateAsync(DotNet, Package("a"), publish: false, tags: null);
        }

        var index = silo.Grains.GetGrain<IFunctionIndexGrain>(IFunctionIndexGrain.Key);
        var first = await index.ListAsync($"{prefix}-", 2);
        var second = await index.ListAsync(first.Names[^1] + "\0", 1);

        Assert.Equal([$"{prefix}-C", $"{prefix}-a"], first.Names);
        Assert.True(first.More);
        Assert.Equal([$"{prefix}-b"], second.Names);
    }

    private async Task<IFunctionGrain> CreateAsync(bool publish = false)
    {
        var grain = silo.Grains.GetGrain<IFunctionGrain>($"fn-{Guid.NewGuid():N}"[..20]);
        var created = await grain.CreateAsync(DotNet, Package("a"), publish, tags: null);
        Assert.Null(created.Error);
        return grain;
    }

    private static StoredPackage Package(string content) => new()
    {
        Path = $"/packages/{content}.zip",
        CodeSha256 = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content))),
        CodeSize = 100 + content.Length,
    };
}
