using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using EvidencePipe.Synthesis;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// The mbox reader alone (stream, frame, MimeKit parse, decode, hash attachments, build events; no
/// store, no index) on the synthetic mailbox that <c>scripts/bench.sh</c> ingests against notmuch
/// (<c>synth --formats mbox --seed 7</c>), sized by <see cref="Messages"/>, parsed on the thread pool
/// (<see cref="Parallel"/> true, as ingest does) or every message on the reading thread. MB/s is the
/// mailbox size over the mean time; Allocated is per read of the whole mailbox.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Throughput))]
public class MboxReaderBenchmarks
{
    private EvidenceSource? _source;

    [Params(1_000, 20_000)]
    public int Messages { get; set; }

    [Params(false, true)]
    public bool Parallel { get; set; }

    [GlobalSetup]
    public void Setup() => _source = MboxRead.Synthetic(Messages);

    [Benchmark]
    public Task<int> ReadSyntheticMailbox() => MboxRead.ReadAsync(_source!, Parallel);

    private sealed class Throughput : ManualConfig
    {
        public Throughput() => AddColumn(new DerivedColumn("MB/s", "synthetic mailbox bytes / mean time, in MB/s", "F1",
            (c, s) => new FileInfo(MboxRead.SyntheticPath((int)c.Parameters[nameof(Messages)])).Length / s / 1e6));
    }
}

/// <summary>
/// <c>mbox-read [--messages N | --file PATH] [--passes P] [--serial]</c>: reads a mailbox with the mbox
/// reader P times (default 5) and prints, per pass, the process CPU time (user + system, all threads),
/// the wall time and the bytes allocated, so the parse cost per message can be compared between builds
/// on a machine that other work shares (CPU time is what the work costs; wall time is not, there).
/// The default mailbox is the synthetic one of <c>scripts/bench.sh</c> (20,000 messages).
/// </summary>
public static class MboxRead
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var messages = 20_000;
        string? file = null;
        var passes = 5;
        var parallel = true;
        AllocationTypes? types = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--messages" when i + 1 < args.Length:
                    messages = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--file" when i + 1 < args.Length:
                    file = args[++i];
                    break;
                case "--passes" when i + 1 < args.Length:
                    passes = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--serial":
                    parallel = false;
                    break;
                case "--types":
                    types = new AllocationTypes();
                    break;
                default:
                    stdout.WriteLine("usage: mbox-read [--messages N | --file PATH] [--passes P] [--serial] [--types]");
                    return 1;
            }
        }

        var source = file is null ? Synthetic(messages) : Source(file);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mbox-read: {source.RelativePath}, {source.Length / 1e6:0.0} MB, {(parallel ? "parsed on the thread pool" : "serial")}, {Environment.ProcessorCount} cores"));
        using var self = Process.GetCurrentProcess();
        for (var pass = 1; pass <= passes; pass++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var events = ReadAsync(source, parallel).GetAwaiter().GetResult();
            clock.Stop();
            self.Refresh();
            var cpuMs = (self.TotalProcessorTime - cpu).TotalMilliseconds;
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pass {pass}: {events:N0} events; CPU {cpuMs:0} ms = {cpuMs * 1000 / Math.Max(1, events):0.0} µs/message; wall {clock.Elapsed.TotalMilliseconds:0} ms; allocated {bytes / 1048576.0:0.0} MiB = {bytes / (double)Math.Max(1, events):0} B/message"));
        }

        if (types is not null)
        {
            stdout.WriteLine("allocation samples (the runtime's AllocationTick, one per ~100 KB allocated), by type:");
            foreach (var (name, amount) in types.Top(25))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{amount / 1048576.0,10:0.0} MiB  {name}"));
            }

            types.Dispose();
        }

        return 0;
    }

    /// <summary>Sums the runtime's allocation samples by type name (GC keyword, verbose level).</summary>
    private sealed class AllocationTypes : System.Diagnostics.Tracing.EventListener
    {
        private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);

        public IEnumerable<(string Name, long Bytes)> Top(int n)
        {
            lock (_bytes)
            {
                return [.. _bytes.OrderByDescending(p => p.Value).Take(n).Select(p => (p.Key, p.Value))];
            }
        }

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is not { } names)
            {
                return;
            }

            var type = eventData.Payload![names.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(eventData.Payload[names.IndexOf("AllocationAmount")], CultureInfo.InvariantCulture);
            lock (_bytes)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }

    /// <summary>Where the synthetic mailbox of <paramref name="messages"/> messages is kept between runs.</summary>
    public static string SyntheticPath(int messages) =>
        Path.Combine(Path.GetTempPath(), $"ep-mbox-bench-{messages.ToString(CultureInfo.InvariantCulture)}", CaseSynthesizer.MailboxFile);

    /// <summary>bench.sh's mailbox: <c>synth --events N --formats mbox --seed 7</c>, written once.</summary>
    public static EvidenceSource Synthetic(int messages)
    {
        var path = SyntheticPath(messages);
        if (!File.Exists(path))
        {
            new CaseSynthesizer(7).Write(Path.GetDirectoryName(path)!, messages, SynthFormats.Mbox);
        }

        return Source(path);
    }

    private static EvidenceSource Source(string path)
    {
        using var stream = File.OpenRead(path);
        return new EvidenceSource(path, Path.GetFileName(path), stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)), EmailFormats.Mbox);
    }

    public static async Task<int> ReadAsync(EvidenceSource source, bool parallel)
    {
        var context = new ReadContext(source, CaseSettings.Default);
        var n = 0;
        var reader = parallel ? new MboxReader() : MboxReader.Serial();
        await foreach (var record in reader.ReadAsync(source, context, CancellationToken.None).ConfigureAwait(false))
        {
            n += record is EventRecord ? 1 : 0;
        }

        return n;
    }
}
