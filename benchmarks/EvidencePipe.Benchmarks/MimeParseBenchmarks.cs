using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using MimeKit;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Email parse throughput (issue 4: target ≥ 100 MB/s per core) on a mixed mbox built from every
/// real message in fixtures/email — MIME-tools torture set, mime4j and MimeKit test messages,
/// CPython samples and the real mailing-list mboxes — each single message given a From_ line (and
/// its body's "From " lines mboxrd-quoted), the set repeated to about 16 MB. <c>ReadMbox</c> is the
/// whole reader (stream, split, parse, decode every part, hash attachments, build events);
/// <c>ParseAndExtract</c> is MimeKit's parser plus decoding of every leaf part over messages already
/// in memory (before MimeKit: the hand-written parser and its content extraction; figures for both in
/// benchmarks/results/README.md).
/// The MB/s column is the mbox size over the mean time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class MimeParseBenchmarks
{
    private const int TargetBytes = 16 * 1024 * 1024;
    private readonly List<byte[]> _messages = [];
    private string _mboxPath = string.Empty;
    private EvidenceSource? _source;

    /// <summary>Bytes each benchmark reads: computed the same way in the host (for the MB/s column) and in the run.</summary>
    private static readonly Lazy<(long Mbox, long Singles)> Sizes = new(() =>
    {
        var singles = new List<byte[]>();
        var mbox = Build(Stream.Null, singles);
        return (mbox, singles.Sum(m => (long)m.Length));
    });

    [GlobalSetup]
    public void Setup()
    {
        _mboxPath = Path.Combine(Path.GetTempPath(), "ep-bench-mixed-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".mbox");
        long length;
        using (var output = new FileStream(_mboxPath, FileMode.Create, FileAccess.Write))
        {
            length = Build(output, _messages);
        }

        using var stream = File.OpenRead(_mboxPath);
        _source = new EvidenceSource(_mboxPath, "mixed.mbox", length, Convert.ToHexStringLower(SHA256.HashData(stream)), EmailFormats.Mbox);
        Console.WriteLine($"// mixed mbox: {length} bytes; {_messages.Count} single messages ({_messages.Sum(m => (long)m.Length)} bytes) for ParseAndExtract");
    }

    /// <summary>Writes the mixed mbox to <paramref name="output"/>, collecting the single messages used; returns its length.</summary>
    private static long Build(Stream output, List<byte[]> messages)
    {
        var root = FindRoot();
        var email = Path.Combine(root, "fixtures", "email");
        var singles = new List<byte[]>();
        var boxes = new List<byte[]>();
        foreach (var path in Directory.GetFiles(email, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(email, path);
            if (rel.StartsWith("synthetic", StringComparison.Ordinal) || path.EndsWith(".json", StringComparison.Ordinal) || path.EndsWith("LICENSE.txt", StringComparison.Ordinal) || path.EndsWith(".emlx", StringComparison.Ordinal))
            {
                continue;
            }

            var bytes = File.ReadAllBytes(path);
            var head = bytes.AsSpan(0, Math.Min(bytes.Length, SniffBuffer.HeadLength));
            (new MboxSniffer().Matches(head) ? boxes : singles).Add(bytes);
        }

        long length = 0;
        while (length < TargetBytes)
        {
            foreach (var message in singles)
            {
                length += Write(output, "From bench@example.org Mon Jan  1 00:00:00 2024\n"u8.ToArray());
                length += Write(output, Quote(message));
                length += Write(output, "\n\n"u8.ToArray());
                messages.Add(message);
            }

            foreach (var box in boxes)
            {
                length += Write(output, box);
                length += Write(output, "\n\n"u8.ToArray());
            }
        }

        return length;
    }

    private static int Write(Stream output, byte[] bytes)
    {
        output.Write(bytes);
        return bytes.Length;
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_mboxPath);

    [Benchmark]
    public async Task<int> ReadMbox()
    {
        var context = new ReadContext(_source!, CaseSettings.Default);
        var n = 0;
        await foreach (var record in new MboxReader().ReadAsync(_source!, context, CancellationToken.None))
        {
            n += record is EventRecord ? 1 : 0;
        }

        return n;
    }

    [Benchmark]
    public int ParseAndExtract()
    {
        var n = 0;
        foreach (var message in _messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            using var parsed = TryParse(new MimeParser(stream, MimeFormat.Entity, persistent: false));
            if (parsed is null)
            {
                continue;
            }

            foreach (var part in parsed.BodyParts)
            {
                if (part is MimePart { Content: { } content })
                {
                    content.DecodeTo(Stream.Null);
                    n++;
                }
            }
        }

        return n;
    }

    private static MimeMessage? TryParse(MimeParser parser)
    {
        try
        {
            return parser.ParseMessage();
        }
        catch (FormatException)
        {
            return null; // the header-less torture messages
        }
    }

    private static byte[] Quote(byte[] message)
    {
        // mboxrd: a body line "From " or ">From " gains a '>' so it cannot pass for a separator.
        var text = Encoding.Latin1.GetString(message);
        var quoted = System.Text.RegularExpressions.Regex.Replace(text, "^(>*From )", ">$1", System.Text.RegularExpressions.RegexOptions.Multiline);
        return Encoding.Latin1.GetBytes(quoted);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EvidencePipe.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("EvidencePipe.sln not found");
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new DerivedColumn("MB/s", "mixed mbox bytes / mean time, in MB/s", "F1",
            (c, s) => (c.Descriptor.WorkloadMethod.Name == nameof(ParseAndExtract) ? Sizes.Value.Singles : Sizes.Value.Mbox) / s / 1e6));
    }
}
