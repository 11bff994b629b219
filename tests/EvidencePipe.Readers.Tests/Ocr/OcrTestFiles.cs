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

    public const string DarkChat = "Screenshot_20240320-221500_WhatsApp.png";

    public const string DarkIMessageChat = "Screenshot 2024-03-21 at 22.45.03.png";

    public const string GroupChat = "Screenshot_20240322-181500_WhatsApp.png";

    public const string IMessageGroupChat = "Screenshot 2024-03-23 at 20.20.41.png";

    public const string DarkGroupChat = "Screenshot_20240324-231500_WhatsApp.png";

    public const string DarkIMessageGroupChat = "Screenshot 2024-03-25 at 21.34.56.png";

    /// <summary>The generator's own record of what it drew (expected.json), not anything read back.</summary>
    public static JsonElement Expected(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        return doc.RootElement.GetProperty(name).Clone();
    }

    /// <summary>Tesseract and ImageMagick from PATH: scripts/test.sh installs Debian's tesseract-ocr and imagemagick, so their absence fails loudly.</summary>
    public static OcrEngine Engine(OcrLimits? limits = null)
    {
        var engine = OcrEngine.FromEnvironment(limits);
        Assert.True(engine.IsAvailable, "tesseract is not installed: run scripts/test.sh (apt-get install tesseract-ocr tesseract-ocr-eng)");
        Assert.True(engine.CanConvertDarkTheme, "ImageMagick is not installed: run scripts/test.sh (apt-get install imagemagick)");
        return engine;
    }

    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(string path, OcrEngine engine, CaseSettings? settings = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new MediaReader(engine), path, settings);
        return (records.Cast<EventRecord>().Select(r => r.Event).ToList(), context);
    }
}
