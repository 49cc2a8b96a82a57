namespace Faas.Gateway.Invoke;

/// <summary>
/// An invocation waiting for a busy lease of <see cref="RevisionId"/> to be handed to it as it comes free (or for null:
/// look again, an ask to the pool has ended).
/// </summary>
internal sealed class LeaseWaiter(string revisionId) : TaskCompletionSource<HeldLease?>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public string RevisionId { get; } = revisionId;
}
