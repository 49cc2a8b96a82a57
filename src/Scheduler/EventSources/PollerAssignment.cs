namespace Faas.Scheduler.EventSources;

/// <summary>
/// Divides a mapping's pollers among the live gateway nodes: each node gets the total divided evenly, and the first
/// nodes in id order one more for the remainder. Deterministic, so every node computes the same split from the same
/// claims, and a node that stops renewing its claim simply drops out of the next split.
/// </summary>
internal static class PollerAssignment
{
    /// <summary>The share of <paramref name="nodeId"/> among <paramref name="liveNodes"/> (which contains it).</summary>
    public static int ShareOf(string nodeId, IReadOnlyCollection<string> liveNodes, int total)
    {
        if (total <= 0 || liveNodes.Count == 0)
        {
            return 0;
        }

        var index = 0;
        foreach (var node in liveNodes.Order(StringComparer.Ordinal))
        {
            if (node == nodeId)
            {
                break;
            }

            index++;
        }

        return (total / liveNodes.Count) + (index < total % liveNodes.Count ? 1 : 0);
    }
}
