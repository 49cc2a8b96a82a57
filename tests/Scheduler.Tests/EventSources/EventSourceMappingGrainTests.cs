using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Tests.Functions;

namespace Faas.Scheduler.Tests.EventSources;

/// <summary>The mapping grains: creation through the index, updates, and the division of pollers among gateway nodes.</summary>
public sealed class EventSourceMappingGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private IEventSourceMappingIndexGrain Index => silo.Grains.GetGrain<IEventSourceMappingIndexGrain>(IEventSourceMappingIndexGrain.Key);

    [Fact]
    public async Task GetPollerPlanAsync_TwoNodesAndADesiredTotal_SharesAddUpClampedToMinMaxAndPartitions()
    {
        var mapping = await CreateMappingAsync(new ProvisionedPollers { MinimumPollers = 2, MaximumPollers = 5 });
        var grain = silo.Grains.GetGrain<IEventSourceMappingGrain>(mapping.Uuid);

        var first = await grain.GetPollerPlanAsync("node-a", 0);
        var a = await grain.GetPollerPlanAsync("node-a", 0);
        var b = await grain.GetPollerPlanAsync("node-b", 0);
        await grain.SetDesiredPollersAsync(50);
        var aMax = await grain.GetPollerPlanAsync("node-a", 0);
        var bMax = await grain.GetPollerPlanAsync("node-b", 0);
        var capped = await grain.GetPollerPlanAsync("node-a", 3);
        await grain.SetDesiredPollersAsync(0);
        var aMin = await grain.GetPollerPlanAsync("node-a", 0);
        var bMin = await grain.GetPollerPlanAsync("node-b", 0);

        Assert.Equal("Creating", mapping.State);
        Assert.Equal("Enabled", first.Mapping?.State);
        Assert.Equal(2, first.Pollers);
        Assert.Equal(2, b.Pollers + (await grain.GetPollerPlanAsync("node-a", 0)).Pollers);
        Assert.Equal(2, a.Pollers);
        Assert.Equal(5, aMax.DesiredTotal);
        Assert.Equal(5, aMax.Pollers + bMax.Pollers);
        Assert.Equal(3, capped.DesiredTotal);
        Assert.Equal(2, aMin.Pollers + bMin.Pollers);
    }

    [Fact]
    public async Task UpdateAsync_DisabledThenDeleted_PlanStopsThePollersAndTheMappingIsGone()
    {
        var mapping = await CreateMappingAsync(null);
        var grain = silo.Grains.GetGrain<IEventSourceMappingGrain>(mapping.Uuid);

        var updated = await grain.UpdateAsync(new EventSourceMappingSettings { Enabled = false, BatchSize = 7 });
        var disabledPlan = await grain.GetPollerPlanAsync("node-a", 0);
        var refused = await grain.UpdateAsync(new EventSourceMappingSettings { Topics = ["other"] });
        var deleted = await grain.DeleteAsync();
        var gonePlan = await grain.GetPollerPlanAsync("node-a", 0);
        var get = await grain.GetAsync();
        var listed = await Index.ListAsync(mapping.FunctionName, null);

        Assert.Equal("Disabling", updated.Value?.State);
        Assert.Equal(7, updated.Value?.BatchSize);
        Assert.Equal(0, disabledPlan.Pollers);
        Assert.Equal("Disabled", disabledPlan.Mapping?.State);
        Assert.Equal(RegistryErrorKind.InvalidParameter, refused.Error?.Kind);
        Assert.Equal("Deleting", deleted.Value?.State);
        Assert.Null(gonePlan.Mapping);
        Assert.Equal(RegistryErrorKind.NotFound, get.Error?.Kind);
        Assert.Empty(listed);
    }

    [Fact]
    public async Task CreateAsync_SameFunctionTopicAndServersTwice_SecondIsAConflictAndNotListed()
    {
        var mapping = await CreateMappingAsync(null);

        var again = await Index.CreateAsync(Settings(mapping.FunctionName, null));
        var listed = await Index.ListAsync(mapping.FunctionName, null);

        Assert.Equal(RegistryErrorKind.Conflict, again.Error?.Kind);
        Assert.Contains(mapping.Uuid, again.Error?.Message, StringComparison.Ordinal);
        Assert.Equal([mapping.Uuid], listed);
    }

    private async Task<EventSourceMapping> CreateMappingAsync(ProvisionedPollers? pollers)
    {
        var name = $"fn-{Guid.NewGuid():N}"[..20];
        var created = await silo.Grains.GetGrain<IFunctionGrain>(name).CreateAsync(
            new FunctionSettings { Runtime = "provided.al2023", Handler = "h", MemorySize = 128, Timeout = 3 },
            new StoredPackage { Path = "/packages/a.zip", CodeSha256 = "x", CodeSize = 1 },
            publish: false,
            tags: null);
        Assert.Null(created.Error);
        var mapping = await Index.CreateAsync(Settings(name, pollers));
        Assert.Null(mapping.Error);
        return mapping.Value!;
    }

    private static EventSourceMappingSettings Settings(string functionName, ProvisionedPollers? pollers) => new()
    {
        FunctionName = functionName,
        BootstrapServers = ["127.0.0.1:9092"],
        Topics = ["orders"],
        StartingPosition = "TRIM_HORIZON",
        Pollers = pollers,
    };
}
