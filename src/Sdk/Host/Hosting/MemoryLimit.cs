namespace Faas.Host.Hosting;

/// <summary>Caps the GC heap below the function's memory so the GC throws OutOfMemoryException before the worker's RSS watchdog kills the process.</summary>
internal static class MemoryLimit
{
    /// <summary>Memory kept outside the GC heap for the runtime, JIT code and native libraries, in MB (an idle host holds ~45 MB).</summary>
    public const int RuntimeReserveMb = 64;

    /// <summary>
    /// Computes the heap hard limit in bytes for a function memory size in MB: the memory less the runtime's own
    /// share, but at least half of it, so heap plus runtime stays under the size the worker enforces.
    /// </summary>
    public static ulong HeapLimitBytes(int memoryMb) => (ulong)Math.Max(memoryMb / 2, memoryMb - RuntimeReserveMb) * 1024 * 1024;

    /// <summary>Applies the limit for <paramref name="memoryMb"/>; does nothing when it is not positive.</summary>
    public static void Apply(int memoryMb)
    {
        if (memoryMb <= 0)
        {
            return;
        }

        AppContext.SetData("GCHeapHardLimit", HeapLimitBytes(memoryMb));
        GC.RefreshMemoryLimit();
    }
}
