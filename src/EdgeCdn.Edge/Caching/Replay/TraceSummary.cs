namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>A trace's size: requests, requested bytes, and its working set (distinct objects and their bytes).</summary>
public sealed record TraceSummary(long Requests, long RequestedBytes, long Objects, long WorkingSetBytes)
{
    public static TraceSummary Of(IEnumerable<TraceRequest> trace)
    {
        var seen = new HashSet<ulong>();
        long requests = 0, requested = 0, workingSet = 0;
        foreach (var request in trace)
        {
            requests++;
            requested += request.Size;
            if (seen.Add(request.ObjectId))
            {
                workingSet += request.Size;
            }
        }

        return new TraceSummary(requests, requested, seen.Count, workingSet);
    }
}
