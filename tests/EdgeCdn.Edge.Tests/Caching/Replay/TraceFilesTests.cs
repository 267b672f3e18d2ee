using System.Buffers.Binary;
using EdgeCdn.Edge.Caching.Replay;
using EdgeCdn.TestCommon;

namespace EdgeCdn.Edge.Tests.Caching.Replay;

public sealed class TraceFilesTests : IDisposable
{
    private readonly TempDirectory _directory = new("edgecdn-trace");

    public void Dispose() => _directory.Dispose();

    private static readonly TraceRequest[] Requests =
    [
        new(0, 7, 100), new(1, 9, 2000), new(2, 7, 100), new(3, 42, 5), new(4, 9, 2000),
    ];

    [Theory]
    [InlineData("t.csv", TraceFormat.Csv)]
    [InlineData("t.oracleGeneral.bin", TraceFormat.OracleGeneral)]
    public void WriteThenRead_SameRequests(string name, TraceFormat format)
    {
        var path = _directory.Combine(name);
        Assert.Equal(format, TraceFiles.GuessFormat(path));

        TraceFiles.Write(path, Requests, format);

        Assert.Equal(Requests, TraceFiles.Read(path, format).ToArray());
    }

    [Fact]
    public void Oracle_RecordLayout_WithNextAccessTimes()
    {
        var path = _directory.Combine("t.bin");
        TraceFiles.Write(path, Requests, TraceFormat.OracleGeneral);
        var bytes = File.ReadAllBytes(path);

        Assert.Equal(Requests.Length * 24, bytes.Length);
        var second = bytes.AsSpan(24, 24);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(second));
        Assert.Equal(9UL, BinaryPrimitives.ReadUInt64LittleEndian(second[4..]));
        Assert.Equal(2000u, BinaryPrimitives.ReadUInt32LittleEndian(second[12..]));
        Assert.Equal(4L, BinaryPrimitives.ReadInt64LittleEndian(second[16..]));
        Assert.Equal(-1L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(3 * 24 + 16)));
    }

    [Fact]
    public void Csv_HeaderSkipped_TextKeysHashedConsistently_BadLineNamed()
    {
        var path = _directory.Combine("keys.csv");
        File.WriteAllText(path, "time,key,bytes\n1,/img/a.png,10\n2,/img/b.png,20\n3,/img/a.png,10\n");
        var requests = TraceFiles.Read(path, TraceFormat.Csv).ToList();

        Assert.Equal(3, requests.Count);
        Assert.Equal(requests[0].ObjectId, requests[2].ObjectId);
        Assert.NotEqual(requests[0].ObjectId, requests[1].ObjectId);

        File.WriteAllText(path, "1,a,10\n2,b\n");
        var error = Assert.Throws<InvalidDataException>(() => TraceFiles.Read(path, TraceFormat.Csv).ToList());
        Assert.Contains(":2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oracle_PartialLastRecord_Refused()
    {
        var path = _directory.Combine("cut.bin");
        TraceFiles.Write(path, Requests, TraceFormat.OracleGeneral);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length - 5);
        }

        Assert.Throws<InvalidDataException>(() => TraceFiles.Read(path, TraceFormat.OracleGeneral).ToList());
    }

    [Fact]
    public void Summary_WorkingSetCountsEachObjectOnce()
    {
        var summary = TraceSummary.Of(Requests);

        Assert.Equal(new TraceSummary(5, 4205, 3, 2105), summary);
    }
}
