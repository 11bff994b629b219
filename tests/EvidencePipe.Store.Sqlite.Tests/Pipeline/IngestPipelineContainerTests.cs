using System.IO.Compression;
using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Store.Sqlite.Tests.Pipeline;

/// <summary>
/// Zip containers through the whole pipeline with the real store (issue 19, item 6): every entry hashed and parsed
/// from one open archive — the central directory read once per archive, counted, not timed — and hashing bounded
/// by a budget on the pipeline's clock.
/// </summary>
public sealed class IngestPipelineContainerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(100)]
    [InlineData(2_000)]
    public async Task Every_entry_is_hashed_and_parsed_with_one_central_directory_read_per_archive(int entries)
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        foreach (var name in new[] { "first.zip", "second.zip" })
        {
            using var archive = ZipFile.Open(Path.Combine(evidence, name), ZipArchiveMode.Create);
            for (var i = 0; i < entries; i++)
            {
                using var writer = new StreamWriter(archive.CreateEntry($"e{i:D5}.line").Open());
                writer.Write($"LINE\n{name} {i}");
            }
        }

        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        using var writer2 = new SqliteCaseWriter(store);
        var format = new LineFormat();
        var pipeline = new IngestPipeline(new FormatRegistry().Add(format, format), writer2, writer2, new IngestOptions(CaseSettings.Default) { Workers = 2 });

        var before = ZipArchives.DirectoryReadsInProcess; // no other test of this assembly reads a zip
        var result = await pipeline.RunAsync([evidence], CancellationToken.None);

        Assert.Equal(2 * entries, result.EventsRead);
        Assert.Equal(2 * entries, store.CountEvents());
        // Two archives, two directory reads — not one per entry hashed plus one per entry parsed (4 × entries before).
        Assert.Equal(2, pipeline.ZipDirectoryReads);
        Assert.Equal(2, ZipArchives.DirectoryReadsInProcess - before); // and no reader opened an archive of its own
    }

    [Fact]
    public async Task A_source_whose_hashing_outlasts_its_budget_is_reported_unreadable_and_the_run_continues()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        // 3 MiB: three 1 MiB reads, each seeing the clock 10 minutes further on; the budget is 15 minutes.
        await File.WriteAllBytesAsync(Path.Combine(evidence, "slow.line"), [.. "LINE\nslow"u8, .. new byte[3 << 20]]);
        await File.WriteAllTextAsync(Path.Combine(evidence, "quick.line"), "LINE\nquick");
        using var store = CaseStore.Open(_dir.Combine("case"), create: true);
        using var writer = new SqliteCaseWriter(store);
        var format = new LineFormat();
        var clock = new SteppingClock(TimeSpan.FromMinutes(10));
        var pipeline = new IngestPipeline(new FormatRegistry().Add(format, format), writer, writer,
            new IngestOptions(CaseSettings.Default) { Workers = 1, Clock = clock, HashTimeBudget = TimeSpan.FromMinutes(15) });

        var result = await pipeline.RunAsync([evidence], CancellationToken.None);

        Assert.Equal(1, result.EventsRead);
        var sources = store.ReadSources().ToDictionary(s => s.Path, StringComparer.Ordinal);
        Assert.Equal("complete", sources["quick.line"].Status);
        Assert.Equal("unreadable", sources["slow.line"].Status);
        var diagnostic = Assert.Single(store.ReadDiagnostics(), d => d.SourcePath == "slow.line");
        Assert.Contains("time budget of 00:15:00 for one source exceeded", diagnostic.Reason, StringComparison.Ordinal);
    }

    /// <summary>A clock that moves <c>step</c> on every reading: elapsed time grows with the work done, not the wall clock.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }

    /// <summary>First line <c>LINE</c>: one event carrying the second line.</summary>
    private sealed class LineFormat : IFormatSniffer, IEvidenceReader
    {
        public string Format => "test-line";

        public bool Matches(ReadOnlySpan<byte> head) => head.StartsWith("LINE\n"u8);

        public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string text;
            using (var reader = new StreamReader(source.OpenRead()))
            {
                text = (await reader.ReadToEndAsync(cancellationToken))[5..];
            }

            yield return new EventRecord(new CommunicationEvent
            {
                Id = context.EventId("file"),
                Kind = EventKind.Message,
                Channel = "sms",
                Time = context.TimeZone.FromUnixMilliseconds(1_700_000_000_000),
                Text = text.TrimEnd('\0'),
                Source = context.Locate("file"),
            });
        }
    }
}
