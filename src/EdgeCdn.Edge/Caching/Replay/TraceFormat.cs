namespace EdgeCdn.Edge.Caching.Replay;

public enum TraceFormat
{
    /// <summary>Text lines "timestamp,key,size"; a numeric key is the object id, another key is hashed to one.</summary>
    Csv,

    /// <summary>libCacheSim's oracleGeneral: little-endian records of uint32 timestamp, uint64 object id, uint32 size,
    /// int64 next-access virtual time (-1: none).</summary>
    OracleGeneral,
}
