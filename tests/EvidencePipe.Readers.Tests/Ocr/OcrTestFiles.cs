using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Media;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Ocr;

/// <summary>The generated screenshots of fixtures/ocr (tools/make_ocr_screenshots.py) and the words drawn in them.</summary>
internal static class OcrTestFiles
{
    public static string Fixture(string name) => RepoPaths.Fixture("ocr", name);

    public const string Chat = "Screenshot_20240312-212100_WhatsApp.png";

    public const string IMessageChat = "Screenshot 2024-03-14 at 23.09.12.png";

    public const string Note = "Screenshot_20240315-090000.png";

    public const string GoogleMessagesChat = "Screenshot_20240317-193500_Messages.png";

    /// <summary>The generator's own record of what it drew (expected.json), not anything read back.</summary>
    public static JsonElement Expected(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        return doc.RootElement.GetProperty(name).Clone();
    }

    /// <summary>Tesseract from PATH: scripts/test.sh installs Debian's tesseract-ocr, so its absence fails loudly.</summary>
    public static OcrEngine Engine(OcrLimits? limits = null)
    {
        var engine = OcrEngine.FromEnvironment(limits);
        Assert.True(engine.IsAvailable, "tesseract is not installed: run scripts/test.sh (apt-get install tesseract-ocr tesseract-ocr-eng)");
        return engine;
    }

    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(string path, OcrEngine engine, CaseSettings? settings = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new MediaReader(engine), path, settings);
        return (records.Cast<EventRecord>().Select(r => r.Event).ToList(), context);
    }
}
