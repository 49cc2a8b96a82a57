namespace Faas.Host.Hosting;

/// <summary>Caps the GC heap below the function's memory so the GC throws OutOfMemoryException before the worker's RSS watchdog kills the process.</summary>
internal static class MemoryLimit
{
    /// <summary>The share of the function memory given to the GC heap; the rest covers the runtime, JIT and native memory.</summary>
    public const double HeapShare = 0.9;

    /// <summary>Computes the heap hard limit in bytes for a function memory size in MB.</summary>
    public static ulong HeapLimitBytes(int memoryMb) => (ulong)(memoryMb * 1024.0 * 1024.0 * HeapShare);

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
