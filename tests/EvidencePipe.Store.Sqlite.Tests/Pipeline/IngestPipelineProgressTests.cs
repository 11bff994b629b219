using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Store.Sqlite.Tests.Pipeline;

/// <summary>
/// The progress a running ingest reports, halfway through one big source, with the pipeline's clock
/// moved by hand: the estimate must follow the bytes the reader has consumed (issue 16: it read 0:39
/// at 986k of 1M events because it counted finished sources only).
/// </summary>
public sealed class IngestPipelineProgressTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Halfway_through_one_source_the_snapshot_counts_half_its_bytes_and_estimates_the_other_half_at_the_same_rate()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var file = Path.Combine(evidence, "big.dat");
        await File.WriteAllBytesAsync(file, [.. "HALVES\n"u8, .. new byte[200_000 - 7]]);
        var clock = new ManualClock();
        IngestProgress? halfway = null;
        IngestPipeline? pipeline = null;
        var format = new HalvesFormat(() =>
        {
            // Discovery of one file ends at once, but on its own thread: wait for it rather than race it.
            SpinWait.SpinUntil(() => pipeline!.Snapshot().DiscoveryComplete, TimeSpan.FromSeconds(30));
            clock.Advance(TimeSpan.FromSeconds(10));
            halfway = pipeline!.Snapshot();
        });
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        using var writer = new SqliteCaseWriter(store);
        pipeline = new IngestPipeline(new FormatRegistry().Add(format, format), writer, writer,
            new IngestOptions(CaseSettings.Default) { Workers = 1, Clock = clock });

        var result = await pipeline.RunAsync([evidence], CancellationToken.None);

        Assert.Equal(1, result.EventsRead);
        Assert.NotNull(halfway);
        Assert.Equal(200_000, halfway.BytesTotal);
        Assert.Equal(200_000, halfway.BytesHashed);   // hashed whole before parsing
        Assert.Equal(100_000, halfway.BytesParsed);   // the reader stopped at byte 100,000
        Assert.Equal(0, halfway.SourcesDone);
        Assert.Equal(TimeSpan.FromSeconds(10), halfway.Elapsed);

        // Hand-computed: 100,000 bytes left at 100,000 B / 10 s = 10 s.
        Assert.Equal(TimeSpan.FromSeconds(10), halfway.EstimatedRemaining);

        var end = pipeline.Snapshot();
        Assert.Equal((200_000L, 1), (end.BytesParsed, end.SourcesDone));
        Assert.Equal(TimeSpan.Zero, end.EstimatedRemaining);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    /// <summary>First line <c>HALVES</c>: reads the first half of the file, calls back, reads the rest, yields one event.</summary>
    private sealed class HalvesFormat(Action halfway) : IFormatSniffer, IEvidenceReader
    {
        public string Format => "test-halves";

        public bool Matches(ReadOnlySpan<byte> head) => head.StartsWith("HALVES\n"u8);

        public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var buffer = new byte[source.Length / 2];
            await using (var stream = source.OpenRead())
            {
                await stream.ReadExactlyAsync(buffer, cancellationToken);
                halfway();
                while (await stream.ReadAsync(buffer, cancellationToken) > 0)
                {
                }
            }

            yield return new EventRecord(new CommunicationEvent
            {
                Id = context.EventId("file"),
                Kind = EventKind.Message,
                Channel = "sms",
                Time = context.TimeZone.FromUnixMilliseconds(1_700_000_000_000),
                Text = "one",
                Source = context.Locate("file"),
            });
        }
    }
}
