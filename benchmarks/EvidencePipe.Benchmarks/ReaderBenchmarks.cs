using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.Readers.VCard;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.Reading;
using EvidencePipe.Synthesis;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Records/s and (with file size) MB/s of each reader on synthetic cases in the real formats,
/// sized by <see cref="Events"/>. Hashing is excluded: it is the pipeline's separate stage.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private string _dir = string.Empty;

    [Params(10_000, 100_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"ep-reader-bench-{Events}");
        if (!Directory.Exists(_dir))
        {
            new CaseSynthesizer(1).Write(_dir, Events);
        }

        foreach (var file in Directory.GetFiles(_dir))
        {
            Console.WriteLine($"// {Path.GetFileName(file)}: {new FileInfo(file).Length / 1e6:0.0} MB");
        }
    }

    [Benchmark]
    public Task<int> SmsBackupXml() => ReadAll(new SmsBackupReader(), "sms-20240430.xml");

    [Benchmark]
    public Task<int> SmsBackupCallsXml() => ReadAll(new SmsBackupCallsReader(), "calls-20240430.xml");

    [Benchmark]
    public Task<int> WhatsAppText() => ReadAll(new WhatsAppTextReader(), "WhatsApp Chat with Jordan.txt");

    [Benchmark]
    public Task<int> VCard() => ReadAll(new VCardReader(), "contacts.vcf");

    private async Task<int> ReadAll(IEvidenceReader reader, string name)
    {
        var path = Path.Combine(_dir, name);
        var source = new EvidenceSource(path, name, new FileInfo(path).Length, Sha(path), reader.Format);
        var context = new ReadContext(source, CaseSettings.Default);
        var n = 0;
        await foreach (var _ in reader.ReadAsync(source, context, CancellationToken.None))
        {
            n++;
        }

        return n;
    }

    private static readonly Dictionary<string, string> Hashes = [];

    private static string Sha(string path)
    {
        if (!Hashes.TryGetValue(path, out var sha))
        {
            Hashes[path] = sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }

        return sha;
    }
}
