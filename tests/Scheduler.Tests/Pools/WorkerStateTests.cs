using Faas.Scheduler.Pools;
using Faas.Worker.Control;

namespace Faas.Scheduler.Tests.Pools;

public sealed class WorkerStateTests
{
    [Fact]
    public void FreeSlots_BeforeAnyReport_None()
    {
        var worker = new WorkerState("http://w1/");

        Assert.Equal(WorkerStatus.Unknown, worker.Status);
        Assert.Equal(0, worker.FreeSlots(128));
        Assert.False(worker.TryReserve(128));
    }

    [Fact]
    public void FreeSlots_Report_SlotsLessEnvironmentsAndStemCellsBoundedByMemory()
    {
        var worker = new WorkerState("http://w1/");

        worker.ApplyReport(Report(max: 16, environments: 5, stemCells: 1, budgetMb: 4096, reservedMb: 640), pollStartedAt: 10);

        Assert.Equal(10, worker.FreeSlots(128));
        Assert.Equal(6, worker.FreeSlots(512));
    }

    [Fact]
    public void TryReserve_CountsAgainstTheEstimateUntilANewerReport()
    {
        var worker = new WorkerState("http://w1/");
        worker.ApplyReport(Report(max: 3, environments: 0), pollStartedAt: 10);

        Assert.True(worker.TryReserve(128));
        Assert.True(worker.TryReserve(128));
        worker.CompleteStart(128, started: true, now: 20);
        worker.CompleteStart(128, started: false, now: 21);
        var afterStarts = worker.FreeSlots(128);
        worker.ApplyReport(Report(max: 3, environments: 0), pollStartedAt: 15);
        var staleReport = worker.FreeSlots(128);
        worker.ApplyReport(Report(max: 3, environments: 1), pollStartedAt: 30);

        Assert.Equal(2, afterStarts);
        Assert.Equal(2, staleReport);
        Assert.Equal(2, worker.FreeSlots(128));
    }

    [Fact]
    public void TryReserve_LastSlot_OnlyOnce()
    {
        var worker = new WorkerState("http://w1/");
        worker.ApplyReport(Report(max: 1, environments: 0), pollStartedAt: 1);

        Assert.True(worker.TryReserve(128));
        Assert.False(worker.TryReserve(128));
    }

    [Fact]
    public void NoteEvicted_FreesASlotBeforeTheNextReport()
    {
        var worker = new WorkerState("http://w1/");
        worker.ApplyReport(Report(max: 2, environments: 2), pollStartedAt: 1);

        worker.NoteEvicted(128, now: 5);

        Assert.Equal(1, worker.FreeSlots(128));
    }

    [Fact]
    public void MarkFull_NoRoomUntilAReportTakenAfterIt()
    {
        var worker = new WorkerState("http://w1/");
        worker.ApplyReport(Report(max: 8, environments: 0), pollStartedAt: 1);

        worker.MarkFull(now: 10);
        var full = worker.FreeSlots(128);
        worker.ApplyReport(Report(max: 8, environments: 0), pollStartedAt: 5);
        var stillFull = worker.FreeSlots(128);
        worker.ApplyReport(Report(max: 8, environments: 0), pollStartedAt: 11);

        Assert.Equal(0, full);
        Assert.Equal(0, stillFull);
        Assert.Equal(8, worker.FreeSlots(128));
    }

    [Fact]
    public void RecordFailure_LostAfterConsecutiveFailures()
    {
        var worker = new WorkerState("http://w1/");
        worker.ApplyReport(Report(max: 8, environments: 0), pollStartedAt: 1);

        var first = worker.RecordFailure(connectionRefused: false, lostAfterFailedPolls: 3);
        var second = worker.RecordFailure(connectionRefused: false, lostAfterFailedPolls: 3);
        var third = worker.RecordFailure(connectionRefused: false, lostAfterFailedPolls: 3);
        var fourth = worker.RecordFailure(connectionRefused: false, lostAfterFailedPolls: 3);

        Assert.Equal([false, false, true, false], [first, second, third, fourth]);
        Assert.Equal(WorkerStatus.Lost, worker.Status);
        Assert.Equal(0, worker.FreeSlots(128));
    }

    [Fact]
    public void RecordFailure_SuccessInBetween_StartsCountingAgain()
    {
        var worker = new WorkerState("http://w1/");
        worker.ApplyReport(Report(max: 8, environments: 0), pollStartedAt: 1);

        worker.RecordFailure(connectionRefused: false, lostAfterFailedPolls: 2);
        worker.ApplyReport(Report(max: 8, environments: 0), pollStartedAt: 2);
        var lost = worker.RecordFailure(connectionRefused: false, lostAfterFailedPolls: 2);

        Assert.False(lost);
        Assert.Equal(WorkerStatus.Alive, worker.Status);
    }

    [Fact]
    public void RecordFailure_ConnectionRefused_LostAtOnce()
    {
        var worker = new WorkerState("http://w1/");
        worker.ApplyReport(Report(max: 8, environments: 0), pollStartedAt: 1);

        Assert.True(worker.RecordFailure(connectionRefused: true, lostAfterFailedPolls: 3));
        Assert.Equal(WorkerStatus.Lost, worker.Status);
    }

    [Fact]
    public void ApplyReport_AfterLost_StaysLostUntilRecoveryCompletes()
    {
        var worker = new WorkerState("http://w1/");
        worker.ApplyReport(Report(max: 8, environments: 0), pollStartedAt: 1);
        worker.RecordFailure(connectionRefused: true, lostAfterFailedPolls: 3);

        var recovered = worker.ApplyReport(Report(max: 8, environments: 3), pollStartedAt: 2);
        var duringRecovery = worker.FreeSlots(128);
        worker.CompleteRecovery();

        Assert.True(recovered);
        Assert.Equal(0, duringRecovery);
        Assert.Equal(WorkerStatus.Alive, worker.Status);
        Assert.Equal(5, worker.FreeSlots(128));
    }

    [Fact]
    public void FreeSlots_Draining_None()
    {
        var worker = new WorkerState("http://w1/");

        worker.ApplyReport(Report(max: 8, environments: 0, draining: true), pollStartedAt: 1);

        Assert.Equal(0, worker.FreeSlots(128));
    }

    internal static CapacityReport Report(int max, int environments, int stemCells = 0, long budgetMb = 1 << 20, long reservedMb = 0, bool draining = false) => new()
    {
        WorkerId = "w",
        MaxEnvironments = max,
        Environments = environments,
        ReadyStemCells = stemCells,
        MemoryBudgetMb = budgetMb,
        MemoryReservedMb = reservedMb,
        Draining = draining,
    };
}
