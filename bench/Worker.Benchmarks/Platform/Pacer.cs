using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Faas.Benchmarks.Platform;

/// <summary>
/// Sleeps a thread until a <see cref="Stopwatch"/> timestamp with microsecond precision, so an open-loop generator
/// can space its requests evenly instead of sending the ones due in bursts at each millisecond timer tick.
/// </summary>
/// <remarks>
/// <see cref="Thread.Sleep(int)"/> and timers round to whole milliseconds. <c>clock_nanosleep</c> on
/// CLOCK_MONOTONIC (the clock <see cref="Stopwatch"/> reads on Linux) with the thread's timer slack cut from the
/// default 50 us to 1 ns wakes within a few microseconds of the deadline, and sleeps rather than spins, so the
/// generator does not take a core from the system it measures.
/// </remarks>
internal static partial class Pacer
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int PrSetTimerSlack = 29;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Makes the calling thread's sleeps end as close to their deadline as the kernel can.</summary>
    public static void UseFineTimerSlack() => _ = SetTimerSlack(PrSetTimerSlack, 1, 0, 0, 0);

    /// <summary>Sleeps until <paramref name="timestamp"/> (from <see cref="Stopwatch.GetTimestamp"/>); returns at once when it has passed.</summary>
    public static void SleepUntil(long timestamp)
    {
        // Stopwatch counts nanoseconds of CLOCK_MONOTONIC on Linux; convert in case a runtime ever counts otherwise.
        var nanoseconds = Stopwatch.Frequency == NanosecondsPerSecond
            ? timestamp
            : (long)(timestamp * ((double)NanosecondsPerSecond / Stopwatch.Frequency));
        var deadline = new Timespec { Seconds = nanoseconds / NanosecondsPerSecond, Nanoseconds = nanoseconds % NanosecondsPerSecond };
        // EINTR: a signal woke the thread early; sleep again to the same absolute deadline.
        while (ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, in deadline, IntPtr.Zero) == 4)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, in Timespec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int SetTimerSlack(int option, nuint slack, nuint unused3, nuint unused4, nuint unused5);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
