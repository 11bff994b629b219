using EvidencePipe.Readers;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests;

public sealed class ReaderCatalogTests
{
    public static TheoryData<string, string?> RealFixtures()
    {
        var data = new TheoryData<string, string?>();
        foreach (var path in Directory.GetFiles(RepoPaths.Fixtures, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepoPaths.Fixtures, path).Replace('\\', '/');
            if (relative.Contains("/hostile/", StringComparison.Ordinal) || relative.EndsWith(".md", StringComparison.Ordinal)
                || relative.EndsWith(".py", StringComparison.Ordinal) || relative.EndsWith(".sh", StringComparison.Ordinal))
            {
                continue;
            }

            data.Add(relative, Expected(relative));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RealFixtures))]
    public void Every_real_fixture_is_recognised_by_content_as_its_own_format(string relative, string? expected)
    {
        var reader = ReaderCatalog.CreateRegistry().Identify(ReaderHarness.Head(Path.Combine(RepoPaths.Fixtures, relative)));
        Assert.Equal(expected, reader?.Format);
    }

    [Fact]
    public void A_renamed_file_is_still_recognised_by_its_content()
    {
        using var dir = new TempDirectory();
        var renamed = dir.Combine("IMG_0001.jpg");
        File.Copy(RepoPaths.Fixture("vcard", "rfc6350-example.vcf"), renamed);
        Assert.Equal("vcard", ReaderCatalog.CreateRegistry().Identify(ReaderHarness.Head(renamed))?.Format);
    }

    private static string? Expected(string relative)
    {
        var name = Path.GetFileName(relative);
        return relative.Split('/')[0] switch
        {
            "vcard" => "vcard",
            "email_msg" => name.EndsWith(".msg", StringComparison.Ordinal) ? "outlook-msg" : null,
            "android_db" or "ios_db" or "whatsapp_db" or "whatsapp_ios_db" or "google_voice_ios_db" => "sqlite",
            "skype_db" or "kik_db" => "sqlite",
            "hangouts_db" or "tango_db" or "viber_db" => "sqlite",
            "images" => name == "exiftool.json" ? null : "media",
            "ocr" => name.EndsWith(".png", StringComparison.Ordinal) ? "media" : null,
            "pdf" => name.EndsWith(".pdf", StringComparison.Ordinal) ? "pdf" : null,
            "telegram" => name == "target.json" ? null : "telegram-json",
            "meta" => name.StartsWith("instagram", StringComparison.Ordinal) && relative.Contains("/synthetic/", StringComparison.Ordinal) ? "instagram-json" : "messenger-json",
            "cdr" => name == "antennas.csv" ? null : "cdr-csv",
            // The plain backup stores copies of phone databases and one photo (fileID = SHA-1 of
            // "CameraRollDomain-Media/DCIM/100APPLE/IMG_0001.JPG"); the encrypted one only ciphertext.
            "ios_backup" when relative.Contains("/plain/", StringComparison.Ordinal) && (name == "Manifest.db" || name.Length == 40) =>
                name == "343e26971dfe9c395c425c0ccf799df63ae6261e" ? "media" : "sqlite",
            "cellebrite" => name == "report.xml" ? "cellebrite-report-xml" : name.EndsWith(".JPG", StringComparison.Ordinal) ? "media" : null,
            "cellebrite_apps" => name == "report.xml" ? "cellebrite-report-xml" : null,
            "incident-log" => name.EndsWith(".csv", StringComparison.Ordinal) ? "incident-log-csv" : name.EndsWith(".xlsx", StringComparison.Ordinal) ? "incident-log-xlsx" : null,
            "signal" => name == "target.json" ? null : "signal-text",
            "location" => "google-location-history-json",
            "android_packages" => "android-packages-xml",
            "email" => Email(relative, name),
            "whatsapp" => name.EndsWith(".json", StringComparison.Ordinal) ? null : "whatsapp-text",
            "sms_backup" when name.StartsWith("superbackup", StringComparison.Ordinal) => "superbackup-calls-xml",
            "sms_backup" => name.Contains("calls", StringComparison.Ordinal) || name.Contains("edge_cases", StringComparison.Ordinal) || name.Contains("malformed", StringComparison.Ordinal)
                ? CallsOrMessages(relative)
                : "sms-backup-xml",
            "demo" => name switch
            {
                "contacts.vcf" => "vcard",
                "calls-20240430.xml" => "sms-backup-calls-xml",
                "sms-20240430.xml" => "sms-backup-xml",
                "mail-20240430.mbox" => "mbox",
                _ => "whatsapp-text",
            },
            _ => null,
        };
    }

    /// <summary>The email fixtures' layouts, as listed by reading each file's first line.</summary>
    private static string? Email(string relative, string name)
    {
        string[] mbox =
        [
            "mime4j/mbox.rlug", "mime4j/mime4j-219-new-date-time-format.msg", "mimekit/content-length.mbox.txt", "mimekit/issue1189.mbox.txt",
            "mimekit/simple.mbox.txt", "mimekit/unmunged.mbox.txt", "mimekit/multipart-digest.txt", "mimetools/jt-0498.msg",
            "mimetools/mp-msg-rfc822.msg", "mimetools/twopart.msg", "mimetools/uu-junk.msg",
        ];
        var inFolder = relative["email/".Length..];
        if (name.EndsWith(".emlx", StringComparison.Ordinal))
        {
            return "emlx";
        }

        if (mbox.Contains(inFolder))
        {
            return "mbox";
        }

        return name is "golden.json" or "ARTISTIC-LICENSE.txt" or "malformedHeader-noheader.msg" or "malformedHeaderStartsBody-noheader.msg" or ".keep"
            ? null
            : "eml";
    }

    /// <summary>The shruggietech fixtures' roots, read off the raw files with head -3.</summary>
    private static string CallsOrMessages(string relative) =>
        File.ReadAllText(Path.Combine(RepoPaths.Fixtures, relative)).Contains("<calls", StringComparison.Ordinal) ? "sms-backup-calls-xml" : "sms-backup-xml";
}
