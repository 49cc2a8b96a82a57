using Faas.Scheduler.Abstractions;
using Faas.Scheduler.Pools;

namespace Faas.Scheduler.Tests.Pools;

public sealed class PoolLedgerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromMinutes(5);

    [Fact]
    public void BeginStart_ForLease_ChargesAtOnce()
    {
        var ledger = new PoolLedger();

        ledger.BeginStart(Spec("r1"), "gw");

        Assert.Equal(1, ledger.Charged);
        Assert.False(ledger.HasRoom(1));
        Assert.True(ledger.HasRoom(2));
        Assert.True(ledger.HasRoom(null));
    }

    [Fact]
    public void BeginStart_Provisioned_NotCharged()
    {
        var ledger = new PoolLedger();

        var environment = ledger.BeginStart(Spec("r1"), holderId: null);
        ledger.CompleteStart(environment, "e1", "http://w/e1", initFailed: false, Start);

        Assert.Equal(0, ledger.Charged);
        Assert.Equal(EnvironmentPhase.Idle, environment.Phase);
        Assert.True(environment.Provisioned);
    }

    [Fact]
    public void CompleteStart_ForLease_LeasedToThatHolder()
    {
        var ledger = new PoolLedger();
        var environment = ledger.BeginStart(Spec("r1"), "gw");

        ledger.CompleteStart(environment, "e1", "http://w/e1", initFailed: false, Start);

        Assert.Equal(EnvironmentPhase.Leased, environment.Phase);
        Assert.Equal("gw", environment.HolderId);
        Assert.NotEqual(0, environment.LeaseId);
        Assert.Equal(1, ledger.Charged);
    }

    [Fact]
    public void Return_Idle_UnchargesAndMakesLeasableAgain()
    {
        var ledger = new PoolLedger();
        var environment = Leased(ledger, "gw", "r1");

        var outcome = ledger.Return("gw", new LeaseReturn(environment.LeaseId, LeaseReturnKind.Idle, TimeSpan.FromSeconds(10)), Start, out var returned);

        Assert.Equal(ReturnOutcome.Idle, outcome);
        Assert.Same(environment, returned);
        Assert.Equal(0, ledger.Charged);
        Assert.Equal(Start - TimeSpan.FromSeconds(10), environment.IdleSince);
        Assert.Same(environment, ledger.TryLeaseIdle("r1", "other", null));
        Assert.Equal(1, ledger.Charged);
    }

    [Fact]
    public void Return_Discard_StaysChargedUntilRemoved()
    {
        var ledger = new PoolLedger();
        var environment = Leased(ledger, "gw", "r1");

        var outcome = ledger.Return("gw", new LeaseReturn(environment.LeaseId, LeaseReturnKind.Discard, TimeSpan.Zero), Start, out _);

        Assert.Equal(ReturnOutcome.Evict, outcome);
        Assert.Equal(EnvironmentPhase.Stopping, environment.Phase);
        Assert.Equal(1, ledger.Charged);
        ledger.Remove(environment);
        Assert.Equal(0, ledger.Charged);
    }

    [Fact]
    public void Return_ByAnotherHolderOrTwice_Unknown()
    {
        var ledger = new PoolLedger();
        var environment = Leased(ledger, "gw", "r1");
        var lease = new LeaseReturn(environment.LeaseId, LeaseReturnKind.Idle, TimeSpan.Zero);

        var wrongHolder = ledger.Return("other", lease, Start, out _);
        var first = ledger.Return("gw", lease, Start, out _);
        var second = ledger.Return("gw", lease, Start, out _);

        Assert.Equal(ReturnOutcome.Unknown, wrongHolder);
        Assert.Equal(ReturnOutcome.Idle, first);
        Assert.Equal(ReturnOutcome.Unknown, second);
        Assert.Equal(0, ledger.Charged);
    }

    [Fact]
    public void Return_IdleButRetired_Evicted()
    {
        var ledger = new PoolLedger();
        var environment = Leased(ledger, "gw", "r1");
        ledger.Retire(static e => e.Spec.RevisionId == "r1");

        var outcome = ledger.Return("gw", new LeaseReturn(environment.LeaseId, LeaseReturnKind.Idle, TimeSpan.Zero), Start, out _);

        Assert.Equal(ReturnOutcome.Evict, outcome);
        Assert.Equal(0, ledger.Charged);
    }

    [Fact]
    public void TryLeaseIdle_PrefersProvisionedThenMostRecentlyUsed()
    {
        var ledger = new PoolLedger();
        var older = IdleOnDemand(ledger, "r1", Start);
        var newer = IdleOnDemand(ledger, "r1", Start + TimeSpan.FromSeconds(5));
        var provisioned = ledger.BeginStart(Spec("r1"), holderId: null);
        ledger.CompleteStart(provisioned, "p1", "http://w/p1", initFailed: false, Start - TimeSpan.FromHours(1));

        var first = ledger.TryLeaseIdle("r1", "gw", null);
        var second = ledger.TryLeaseIdle("r1", "gw", null);
        var third = ledger.TryLeaseIdle("r1", "gw", null);

        Assert.Same(provisioned, first);
        Assert.Same(newer, second);
        Assert.Same(older, third);
        Assert.Null(ledger.TryLeaseIdle("r1", "gw", null));
    }

    [Fact]
    public void TryLeaseIdle_CapReachedByOtherLeases_NotLeased()
    {
        var ledger = new PoolLedger();
        var idle = IdleOnDemand(ledger, "r2", Start);
        Leased(ledger, "gw", "r1");
        Leased(ledger, "gw", "r1");

        var refused = ledger.TryLeaseIdle("r2", "other", reservedConcurrency: 2);
        var allowed = ledger.TryLeaseIdle("r2", "other", reservedConcurrency: 3);

        Assert.Null(refused);
        Assert.Same(idle, allowed);
        Assert.Equal(3, ledger.Charged);
    }

    [Fact]
    public void TryLeaseIdle_OtherRevisionOrFailedInit_NotLeased()
    {
        var ledger = new PoolLedger();
        IdleOnDemand(ledger, "r1", Start);
        var failed = ledger.BeginStart(Spec("r2"), holderId: null);
        ledger.CompleteStart(failed, "f1", "http://w/f1", initFailed: true, Start);

        Assert.Null(ledger.TryLeaseIdle("r2", "gw", null));
        Assert.Null(ledger.TryLeaseIdle("r3", "gw", null));
    }

    [Fact]
    public void TakeExpiredIdle_OnlyIdleOnDemandPastKeepAlive()
    {
        var ledger = new PoolLedger();
        var stale = IdleOnDemand(ledger, "r1", Start);
        var fresh = IdleOnDemand(ledger, "r1", Start + KeepAlive);
        var leased = Leased(ledger, "gw", "r1");
        var provisioned = ledger.BeginStart(Spec("r1"), holderId: null);
        ledger.CompleteStart(provisioned, "p1", "http://w/p1", initFailed: false, Start);

        var expired = ledger.TakeExpiredIdle(Start + KeepAlive + TimeSpan.FromSeconds(1), KeepAlive);

        Assert.Equal([stale], expired);
        Assert.Equal(EnvironmentPhase.Stopping, stale.Phase);
        Assert.Equal(EnvironmentPhase.Idle, fresh.Phase);
        Assert.Equal(EnvironmentPhase.Leased, leased.Phase);
        Assert.Equal(EnvironmentPhase.Idle, provisioned.Phase);
    }

    [Fact]
    public void ExpireHolders_SilentHolder_LeasesStoppingAndStillCharged()
    {
        var ledger = new PoolLedger();
        ledger.TouchHolder("silent", new NoOpLeaseHolder(), Start);
        ledger.TouchHolder("active", new NoOpLeaseHolder(), Start);
        var orphan = Leased(ledger, "silent", "r1");
        var kept = Leased(ledger, "active", "r1");
        ledger.TouchHolder("active", Start + TimeSpan.FromSeconds(40));

        var orphaned = ledger.ExpireHolders(Start + TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(45));

        Assert.Equal([orphan], orphaned);
        Assert.Equal(EnvironmentPhase.Stopping, orphan.Phase);
        Assert.Equal(2, ledger.Charged);
        Assert.Equal(EnvironmentPhase.Leased, kept.Phase);
        Assert.Equal(["active"], ledger.Holders.Select(static h => h.HolderId));
    }

    [Fact]
    public void RemoveWorker_DropsItsEnvironmentsAndChargesAndNamesLeasesToRecall()
    {
        var ledger = new PoolLedger();
        var lost = Leased(ledger, "gw", "r1", worker: "w1");
        var idleLost = IdleOnDemand(ledger, "r1", Start, worker: "w1");
        var elsewhere = Leased(ledger, "gw", "r1", worker: "w2");
        var lostLease = lost.LeaseId;

        var (dropped, recalls) = ledger.RemoveWorker("w1");

        Assert.Equal(2, dropped.Count);
        Assert.Contains(lost, dropped);
        Assert.Contains(idleLost, dropped);
        Assert.Equal([lostLease], recalls["gw"]);
        Assert.Equal(1, ledger.Charged);
        Assert.True(ledger.Contains(elsewhere));
        Assert.False(ledger.Contains(lost));
    }

    [Fact]
    public void Retire_IdleEvictedLeasedRecalledAndStillCharged()
    {
        var ledger = new PoolLedger();
        var idle = IdleOnDemand(ledger, "old", Start);
        var leased = Leased(ledger, "gw", "old");
        var current = IdleOnDemand(ledger, "new", Start);

        var (evict, recalls) = ledger.Retire(static e => e.Spec.RevisionId == "old");

        Assert.Equal([idle], evict);
        Assert.Equal(EnvironmentPhase.Stopping, idle.Phase);
        Assert.Equal([leased.LeaseId], recalls["gw"]);
        Assert.True(leased.Retired);
        Assert.Equal(1, ledger.Charged);
        Assert.Null(ledger.TryLeaseIdle("old", "gw", null));
        Assert.Same(current, ledger.TryLeaseIdle("new", "gw", null));
    }

    [Fact]
    public void UnknownLeases_ListsThoseNotHeldByTheHolder()
    {
        var ledger = new PoolLedger();
        var mine = Leased(ledger, "gw", "r1");
        var theirs = Leased(ledger, "other", "r1");

        var unknown = ledger.UnknownLeases("gw", [mine.LeaseId, theirs.LeaseId, 999]);

        Assert.Equal([theirs.LeaseId, 999], unknown);
    }

    [Fact]
    public void ReconcileProvisioned_StartsMissingAndEvictsIdleExcess()
    {
        var ledger = new PoolLedger();
        var spec = Spec("r1");
        var first = ledger.BeginStart(spec, holderId: null);
        ledger.CompleteStart(first, "p1", "http://w/p1", initFailed: false, Start);

        var (start, evict) = ledger.ReconcileProvisioned(Targets((spec, 3)));
        var (_, excess) = ledger.ReconcileProvisioned(Targets((spec, 0)));

        Assert.Equal((spec, 2), Assert.Single(start));
        Assert.Empty(evict);
        Assert.Equal([first], excess);
        Assert.Equal(EnvironmentPhase.Stopping, first.Phase);
    }

    [Fact]
    public void ReconcileProvisioned_RevisionNoLongerTargeted_BecomesOrdinary()
    {
        var ledger = new PoolLedger();
        var old = ledger.BeginStart(Spec("old"), holderId: null);
        ledger.CompleteStart(old, "p1", "http://w/p1", initFailed: false, Start);

        var (start, evict) = ledger.ReconcileProvisioned(Targets((Spec("new"), 1)));

        Assert.Equal(("new", 1), (Assert.Single(start).Spec.RevisionId, start[0].Missing));
        Assert.Empty(evict);
        Assert.False(old.Provisioned);
        Assert.Equal([old], ledger.TakeExpiredIdle(Start + KeepAlive, KeepAlive));
    }

    [Fact]
    public void InitializedProvisioned_CountsInitialisedProvisionedOfTheVersion()
    {
        var ledger = new PoolLedger();
        var ready = ledger.BeginStart(Spec("r1", version: "1"), holderId: null);
        ledger.CompleteStart(ready, "p1", "http://w/p1", initFailed: false, Start);
        ledger.BeginStart(Spec("r1", version: "1"), holderId: null);
        var failed = ledger.BeginStart(Spec("r1", version: "1"), holderId: null);
        ledger.CompleteStart(failed, "p3", "http://w/p3", initFailed: true, Start);
        IdleOnDemand(ledger, "r1", Start);

        Assert.Equal(1, ledger.InitializedProvisioned("1"));
        Assert.Equal(0, ledger.InitializedProvisioned("2"));
    }

    // The cap rule under any interleaving: leases are only granted with room, and the charge always equals the
    // environments that may be running an invocation (starting for a lease, leased, or stopping after one).
    [Fact]
    public void AnySequence_ChargeMatchesEnvironmentsThatMayRunAndNeverExceedsTheCap()
    {
        const int Cap = 4;
        var random = new Random(20260101);
        var ledger = new PoolLedger();
        var holders = new[] { "a", "b", "c" };
        foreach (var holder in holders)
        {
            ledger.TouchHolder(holder, new NoOpLeaseHolder(), Start);
        }

        var now = Start;
        var mayRun = new HashSet<PooledEnvironment>();
        for (var step = 0; step < 20_000; step++)
        {
            now += TimeSpan.FromSeconds(random.Next(0, 3));
            var holder = holders[random.Next(holders.Length)];
            var environments = ledger.Environments.ToList();
            switch (random.Next(8))
            {
                case 0 or 1:
                    var revision = random.Next(2) == 0 ? "r1" : "r2";
                    if (ledger.TryLeaseIdle(revision, holder, Cap) is { } idle)
                    {
                        mayRun.Add(idle);
                    }
                    else if (ledger.HasRoom(Cap))
                    {
                        mayRun.Add(ledger.BeginStart(Spec(revision), holder));
                    }

                    break;
                case 2:
                    foreach (var starting in environments.Where(static e => e.Phase == EnvironmentPhase.Starting).Take(1))
                    {
                        if (random.Next(4) == 0)
                        {
                            ledger.Remove(starting);
                            mayRun.Remove(starting);
                        }
                        else
                        {
                            ledger.CompleteStart(starting, $"e{step}", "http://w/e", initFailed: random.Next(10) == 0, now);
                        }
                    }

                    break;
                case 3 or 4:
                    foreach (var leased in environments.Where(static e => e.Phase == EnvironmentPhase.Leased).Take(1))
                    {
                        var kind = (LeaseReturnKind)random.Next(3);
                        var outcome = ledger.Return(leased.HolderId!, new LeaseReturn(leased.LeaseId, kind, TimeSpan.Zero), now, out _);
                        if (outcome == ReturnOutcome.Idle || kind == LeaseReturnKind.Idle)
                        {
                            mayRun.Remove(leased);
                        }
                    }

                    break;
                case 5:
                    foreach (var stopping in environments.Where(static e => e.Phase == EnvironmentPhase.Stopping).Take(1))
                    {
                        ledger.Remove(stopping);
                        mayRun.Remove(stopping);
                    }

                    break;
                case 6:
                    ledger.TakeExpiredIdle(now, TimeSpan.FromSeconds(10));
                    break;
                case 7:
                    if (random.Next(20) == 0)
                    {
                        ledger.Retire(e => e.Spec.RevisionId == (random.Next(2) == 0 ? "r1" : "r2"));
                    }

                    break;
            }

            Assert.Equal(mayRun.Count, ledger.Charged);
            Assert.InRange(ledger.Charged, 0, Cap);
            Assert.All(ledger.Environments, e => Assert.Equal(mayRun.Contains(e), e.Charged));
        }
    }

    [Fact]
    public void HoldersOfUnprovisioned_OnlyLeasesWhoseHandBackFreesCapacity()
    {
        var ledger = new PoolLedger();
        Leased(ledger, "gw1", "r1");
        Leased(ledger, "gw1", "r1");
        var provisioned = ledger.BeginStart(Spec("r1"), holderId: null);
        ledger.CompleteStart(provisioned, "p1", "http://w/p1", initFailed: false, Start);
        ledger.TryLeaseIdle("r1", "gw2", reservedConcurrency: null);

        Assert.Equal(["gw1"], ledger.HoldersOfUnprovisioned());
    }

    private static FunctionVersionSpec Spec(string revision, string version = "$LATEST") => new()
    {
        FunctionName = "fn",
        Version = version,
        Runtime = "dotnet10",
        Handler = "A::B::C",
        MemorySize = 128,
        Timeout = 3,
        Environment = [],
        CodeSha256 = "sha",
        PackagePath = "/packages/p.zip",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:fn",
        RevisionId = revision,
    };

    private static PooledEnvironment Leased(PoolLedger ledger, string holder, string revision, string worker = "w1")
    {
        var environment = ledger.BeginStart(Spec(revision), holder);
        environment.Worker = worker;
        ledger.CompleteStart(environment, Guid.NewGuid().ToString("N"), "http://w/e", initFailed: false, Start);
        return environment;
    }

    private static PooledEnvironment IdleOnDemand(PoolLedger ledger, string revision, DateTimeOffset idleSince, string worker = "w1")
    {
        var environment = Leased(ledger, "seed", revision, worker);
        ledger.Return("seed", new LeaseReturn(environment.LeaseId, LeaseReturnKind.Idle, TimeSpan.Zero), idleSince, out _);
        return environment;
    }

    private static Dictionary<string, (FunctionVersionSpec Spec, int Count)> Targets(params (FunctionVersionSpec Spec, int Count)[] targets)
        => targets.ToDictionary(static t => t.Spec.RevisionId, static t => t);
}
