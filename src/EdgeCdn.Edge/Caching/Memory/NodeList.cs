namespace EdgeCdn.Edge.Caching.Memory;

/// <summary>A doubly linked queue of <see cref="EntryNode"/>s with its byte total: O(1) append, pop, unlink and
/// move. Not thread-safe: the owning store holds its lock.</summary>
internal sealed class NodeList
{
    public NodeList(EvictionQueue queue)
    {
        Queue = queue;
    }

    public EvictionQueue Queue { get; }

    /// <summary>Oldest node (evicted first).</summary>
    public EntryNode? Head { get; private set; }

    public EntryNode? Tail { get; private set; }

    public long Bytes { get; private set; }

    public int Count { get; private set; }

    public void Append(EntryNode node)
    {
        node.List = this;
        node.Next = null;
        node.Previous = Tail;
        if (Tail is null)
        {
            Head = node;
        }
        else
        {
            Tail.Next = node;
        }

        Tail = node;
        Bytes += node.Entry.Size;
        Count++;
    }

    public void Unlink(EntryNode node)
    {
        if (node.Previous is null)
        {
            Head = node.Next;
        }
        else
        {
            node.Previous.Next = node.Next;
        }

        if (node.Next is null)
        {
            Tail = node.Previous;
        }
        else
        {
            node.Next.Previous = node.Previous;
        }

        node.Previous = null;
        node.Next = null;
        node.List = null;
        Bytes -= node.Entry.Size;
        Count--;
    }

    public EntryNode? PopHead()
    {
        var head = Head;
        if (head is not null)
        {
            Unlink(head);
        }

        return head;
    }
}
