using System.Text.Json;
using EvidencePipe.Cli.Commands;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Web.Tests;

/// <summary>
/// A case of photos and a chat screenshot: byte copies of fixtures (an OCR'd WhatsApp screenshot, a JPEG photo, a
/// HEIC photo, and one JPEG the tests tamper with after ingest) in a temporary folder, ingested by the real CLI
/// (tesseract reads the screenshot) and served on a free loopback port. The copies, not the fixtures, are the
/// exhibits, so tampering touches nothing in the repository.
/// </summary>
public sealed class ServedPhotos : IAsyncLifetime
{
    public const string Screenshot = "Screenshot_20240312-212100_WhatsApp.png";
    public const string Photo = "HTC Desire.jpg";
    public const string Heic = "IMG_1034.heic";
    public const string Tampered = "Issue 508.jpg";
    public const string Owner = "tel:+447700900123";

    private static readonly (string Folder, string Name)[] Files = [("ocr", Screenshot), ("images", Photo), ("images", Heic), ("images", Tampered)];

    private readonly TempDirectory _temp = new();
    private WebServer? _server;

    public string EvidenceDir => Path.Combine(_temp.Path, "evidence");

    public string CaseDir => Path.Combine(_temp.Path, "photo-case");

    public Uri Address => _server?.Address ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(EvidenceDir);
        foreach (var (folder, name) in Files)
        {
            File.Copy(RepoPaths.Fixture(folder, name), Path.Combine(EvidenceDir, name));
        }

        var ingest = await ServedCase.Cli("ingest", EvidenceDir, "--case", CaseDir, "--tz", "Europe/London", "--owner", Owner, "--quiet");
        Assert.True(ingest.ExitCode is 0 or 2, ingest.Stderr);
        _server = await WebServer.StartAsync(
            new WebOptions([CaseDir], new ListenAddress(System.Net.IPAddress.Loopback, 0), null, "test", ServeCommand.Json), _ => { }, CancellationToken.None);
        Http.BaseAddress = _server.Address;
    }

    /// <summary>The exhibit copy <paramref name="name"/> changed after ingest: its last byte flipped (the same change every time).</summary>
    public void Tamper(string name)
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("images", name));
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(EvidenceDir, name), bytes);
    }

    /// <summary>The events of the case as <c>export --format jsonl</c> writes them.</summary>
    public async Task<List<JsonElement>> ExportAsync()
    {
        var run = await ServedCase.Cli("export", "--case", CaseDir, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        return [.. run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    /// <summary>The media event (the photo's own event) of the exhibit named <paramref name="name"/>.</summary>
    public async Task<JsonElement> MediaEventAsync(string name) =>
        (await ExportAsync()).Single(e => e.GetProperty("kind").GetString() == "media" && e.GetProperty("attachments")[0].GetProperty("name").GetString() == name);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temp.Dispose();
    }
}
