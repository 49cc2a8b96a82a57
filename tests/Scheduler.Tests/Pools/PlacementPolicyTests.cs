using Faas.Scheduler.Pools;

namespace Faas.Scheduler.Tests.Pools;

public sealed class PlacementPolicyTests
{
    [Fact]
    public void ChooseAndReserve_PicksTheWorkerWithMostRoom()
    {
        var busy = Alive("http://busy/", max: 8, environments: 6);
        var roomy = Alive("http://roomy/", max: 8, environments: 1);

        var chosen = PlacementPolicy.ChooseAndReserve([busy, roomy], 128);

        Assert.Same(roomy, chosen);
        Assert.Equal(6, roomy.FreeSlots(128));
    }

    [Fact]
    public void ChooseAndReserve_SpreadsAsRoomChanges()
    {
        var a = Alive("http://a/", max: 4, environments: 0);
        var b = Alive("http://b/", max: 4, environments: 0);

        var chosen = Enumerable.Range(0, 4).Select(_ => PlacementPolicy.ChooseAndReserve([a, b], 128)!.Address).ToList();

        Assert.Equal(2, chosen.Count(static c => c == "http://a/"));
        Assert.Equal(2, chosen.Count(static c => c == "http://b/"));
    }

    [Fact]
    public void ChooseAndReserve_SkipsLostDrainingAndFull()
    {
        var lost = Alive("http://lost/", max: 8, environments: 0);
        lost.RecordFailure(connectionRefused: true, lostAfterFailedPolls: 3);
        var draining = new WorkerState("http://draining/");
        draining.ApplyReport(WorkerStateTests.Report(max: 8, environments: 0, draining: true), pollStartedAt: 1);
        var full = Alive("http://full/", max: 2, environments: 2);
        var unknown = new WorkerState("http://unknown/");

        Assert.Null(PlacementPolicy.ChooseAndReserve([lost, draining, full, unknown], 128));
    }

    [Fact]
    public void ChooseAndReserve_MemoryDecides()
    {
        var small = new WorkerState("http://small/");
        small.ApplyReport(WorkerStateTests.Report(max: 64, environments: 0, budgetMb: 1024), pollStartedAt: 1);
        var large = new WorkerState("http://large/");
        large.ApplyReport(WorkerStateTests.Report(max: 8, environments: 0, budgetMb: 1 << 16), pollStartedAt: 1);

        Assert.Same(large, PlacementPolicy.ChooseAndReserve([small, large], 2048));
    }

    private static WorkerState Alive(string address, int max, int environments)
    {
        var worker = new WorkerState(address);
        worker.ApplyReport(WorkerStateTests.Report(max, environments), pollStartedAt: 1);
        return worker;
    }
}
