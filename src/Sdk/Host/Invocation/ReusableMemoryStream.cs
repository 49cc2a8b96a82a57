namespace Faas.Host.Invocation;

/// <summary>
/// A <see cref="MemoryStream"/> reused for every invocation's event or output; disposing it (as a handler or serializer
/// may) does not close it.
/// </summary>
internal sealed class ReusableMemoryStream(int capacity) : MemoryStream(capacity)
{
    /// <summary>Buffers larger than this are dropped after an invocation so one big payload does not pin memory.</summary>
    public const int RetainedCapacity = 1024 * 1024;

    /// <summary>Empties the stream, releasing an oversized buffer.</summary>
    public void Reset()
    {
        SetLength(0);
        if (Capacity > RetainedCapacity)
        {
            Capacity = 16 * 1024;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Intentionally open: the host owns this stream for the life of the process.
    }
}
