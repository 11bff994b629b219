using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Cellebrite;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Cellebrite;

/// <summary>
/// report.xml written by tools/make_cellebrite_fixture.py in the documented structure. Oracle:
/// fixtures/cellebrite/expected.json (the written XML read back with Python's xml.etree; the attachment's
/// SHA-256 from zipfile + hashlib) and the hand values below (E.164 of the drama numbers, UTC of each offset).
/// </summary>
public sealed class CellebriteReportReaderTests
{
    private const string Owner = "tel:+447700900123";
    private const string Jordan = "tel:+447700900666";

    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("cellebrite", "expected.json"))).RootElement;

    private static string Bare => RepoPaths.Fixture("cellebrite", "bare", "report.xml");

    private static async Task<(List<CommunicationEvent> Events, List<ContactCard> Cards, ReadContext Context)> ReadAsync(string path)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new CellebriteReportReader(), path);
        return ([.. records.OfType<EventRecord>().Select(r => r.Event)], [.. records.OfType<ContactRecord>().Select(r => r.Card)], context);
    }

    /// <summary>Reads the report.xml entry of a .ufdr in place, as the pipeline does.</summary>
    private static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadEntryAsync(string ufdr, string entry = "report.xml")
    {
        string sha;
        long length;
        using (var archive = ZipFile.OpenRead(ufdr))
        await using (var stream = archive.GetEntry(entry)!.Open())
        {
            var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            sha = Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
            length = bytes.Length;
        }

        var source = new EvidenceSource(Path.GetFullPath(ufdr), Path.GetFileName(ufdr) + "!/" + entry, length, sha, CellebriteFormats.ReportXml) { ContainerEntry = entry };
        var context = new ReadContext(source, CaseSettings.Default);
        var events = new List<CommunicationEvent>();
        await foreach (var record in new CellebriteReportReader().ReadAsync(source, context, CancellationToken.None))
        {
            if (record is EventRecord e)
            {
                events.Add(e.Event);
            }
        }

        return (events, context);
    }

    private static CommunicationEvent Model(IEnumerable<CommunicationEvent> events, string typeAndId) =>
        Assert.Single(events, e => e.Source.Locator.StartsWith(typeAndId + " ", StringComparison.Ordinal) || e.Source.Locator == typeAndId);

    [Fact]
    public async Task Every_message_call_and_email_model_is_one_event_with_the_oracles_time_offset_and_text()
    {
        var (events, cards, context) = await ReadAsync(Bare);

        var oracle = Expected.GetProperty("models").EnumerateArray().ToList();
        var eventModels = oracle.Where(m => m.GetProperty("type").GetString() is "InstantMessage" or "SMS" or "MMS" or "Call" or "Email").ToList();
        Assert.Equal(eventModels.Count, events.Count);
        Assert.Single(cards);
        foreach (var m in eventModels)
        {
            var e = Model(events, $"{m.GetProperty("type").GetString()} id={m.GetProperty("id").GetString()}");
            var stamp = DateTimeOffset.ParseExact(m.GetProperty("fields").GetProperty("TimeStamp").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            Assert.Equal(stamp.UtcDateTime, e.Time.Utc.UtcDateTime);
            Assert.Equal(stamp.Offset, e.Time.Offset);
            Assert.Equal(TimeBasis.ExplicitOffset, e.Time.Basis);
            Assert.Equal(m.GetProperty("fields").TryGetProperty("Body", out var body) ? body.GetString() : null, e.Text);
        }

        // The fixture's one Location model has no Position: it is read, places nothing and is noted.
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Note && d.Locator == "Location id=loc-1" && d.Reason.Contains("no Position", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_messages_take_their_parties_direction_thread_and_source_file_from_the_extraction()
    {
        var (events, _, context) = await ReadAsync(Bare);

        var first = Model(events, "InstantMessage id=im-1");
        Assert.Equal("InstantMessage id=im-1 in Chat id=chat-1 (source File System:/private/var/mobile/Containers/Shared/AppGroup/X/ChatStorage.sqlite)", first.Source.Locator);
        Assert.Equal(Channels.WhatsApp, first.Channel);
        Assert.Equal(Direction.Incoming, first.Direction);
        Assert.Equal(Jordan, first.From);
        Assert.Equal([Owner], first.To);
        Assert.Equal("Jordan", first.Names[Jordan]);
        Assert.Equal("Chat id=chat-1", first.ThreadId);

        var reply = Model(events, "InstantMessage id=im-2");
        Assert.Equal(Direction.Outgoing, reply.Direction);
        Assert.Equal(Owner, reply.From);
        Assert.Equal("Leave me alone & stop <messaging> me", reply.Text);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 21, 16, 10, 250, TimeSpan.Zero), reply.Time.Utc);

        var deleted = Model(events, "InstantMessage id=im-3");
        Assert.Equal([Owner], deleted.To); // no To of its own: the chat's other participants
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 8, 5, 0, TimeSpan.Zero), deleted.Time.Utc); // 09:05 at +01:00
        Assert.Contains(context.Diagnostics, d => d.Locator == deleted.Source.Locator && d.Reason.StartsWith("deleted record recovered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SMS_calls_emails_and_contacts_are_mapped_with_their_parties()
    {
        var (events, cards, _) = await ReadAsync(Bare);

        var inbox = Model(events, "SMS id=sms-1");
        Assert.Equal(Channels.Sms, inbox.Channel);
        Assert.Equal(Direction.Incoming, inbox.Direction);
        Assert.Equal(Jordan, inbox.From);
        Assert.Equal([Owner], inbox.To);
        var sent = Model(events, "SMS id=sms-2");
        Assert.Equal(Direction.Outgoing, sent.Direction);
        Assert.Null(sent.From); // Folder Sent, no From party
        Assert.Equal([Jordan], sent.To);

        var missed = Model(events, "Call id=call-1");
        Assert.Equal(EventKind.Call, missed.Kind);
        Assert.Equal(Channels.Call, missed.Channel);
        Assert.Equal(Direction.Incoming, missed.Direction);
        Assert.Equal(CallStatus.Missed, missed.CallStatus);
        Assert.Equal(0, missed.DurationSeconds);
        Assert.Equal(Jordan, missed.From);
        var video = Model(events, "Call id=call-2");
        Assert.Equal(Channels.WhatsApp, video.Channel);
        Assert.Equal(Direction.Outgoing, video.Direction);
        Assert.Equal(CallStatus.Answered, video.CallStatus);
        Assert.Equal(65, video.DurationSeconds);
        Assert.Equal("video call", video.Subject);
        Assert.Equal([Jordan], video.To);

        var mail = Model(events, "Email id=mail-1");
        Assert.Equal(EventKind.Email, mail.Kind);
        Assert.Equal("email:jordan@example.net", mail.From);
        Assert.Equal("About Saturday", mail.Subject);
        Assert.Equal(["email:alex@example.org"], mail.To);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 15, 0, 0, TimeSpan.Zero), mail.Time.Utc); // 10:00 at -05:00
        Assert.Equal(TimeSpan.FromHours(-5), mail.Time.Offset);

        var card = Assert.Single(cards);
        Assert.Equal("Jordan Blake", card.Name);
        Assert.Equal([Jordan, "email:jordan@example.net"], card.Identifiers);
        Assert.Equal("Contact id=contact-1", card.Source.Locator);
    }

    [Fact]
    public async Task An_attachment_is_hashed_from_the_ufdr_entry_or_the_file_beside_a_bare_report()
    {
        var (fromZip, zipContext) = await ReadEntryAsync(RepoPaths.Fixture("cellebrite", "sample.ufdr"));
        var (fromBare, _, _) = await ReadAsync(Bare);

        foreach (var events in new[] { fromZip, fromBare })
        {
            var attachment = Assert.Single(Model(events, "InstantMessage id=im-3").Attachments);
            Assert.Equal("IMG_0001.JPG", attachment.Name);
            Assert.Equal("image/jpeg", attachment.MediaType);
            Assert.Equal(Expected.GetProperty("image_sha256").GetString(), attachment.Sha256);
            Assert.Equal(Expected.GetProperty("image_size").GetInt64(), attachment.Size);
        }

        Assert.Equal(fromBare.Count, fromZip.Count);
        Assert.Equal(0, zipContext.Recovered + zipContext.Skipped);
    }

    [Fact]
    public async Task A_DTD_is_refused_so_no_entity_is_expanded_or_fetched()
    {
        using var dir = new TempDirectory();
        var original = File.ReadAllText(Bare);
        var declaration = original.IndexOf("<project", StringComparison.Ordinal);
        var bomb = original[..declaration]
            + "<!DOCTYPE project [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
            + original[declaration..].Replace("where are you? answer me", "&b;&x;", StringComparison.Ordinal);
        var path = dir.Combine("report.xml");
        await File.WriteAllTextAsync(path, bomb);

        var read = await ReaderGuard.ReadAsync(new CellebriteReportReader(), path);

        Assert.False(read.Hung || read.Escaped is not null, read.Describe());
        Assert.Equal(0, read.Records);
        Assert.Contains(read.Context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Reason.Contains("DTD", StringComparison.Ordinal));
    }

    /// <summary>
    /// A Location model as Physical Analyzer 7.34 writes it (structure of the sample report in jgru/ufed-geo2x,
    /// tests/test_report.xml at e9b77cf): Position → Coordinate with Latitude/Longitude, a TimeStamp; the values are ours.
    /// </summary>
    [Fact]
    public async Task A_location_model_becomes_a_location_record_with_its_coordinate_and_time()
    {
        using var dir = new TempDirectory();
        static string Field(string name, string type, string? value) =>
            $"<field name=\"{name}\" type=\"{type}\">{(value is null ? "<empty />" : $"<value type=\"{type}\"><![CDATA[{value}]]></value>")}</field>";
        var coordinate = $"<model type=\"Coordinate\" id=\"c-1\" deleted_state=\"Unknown\">{Field("Longitude", "Double", "-0.1246")}{Field("Latitude", "Double", "51.5007")}{Field("Elevation", "Double", null)}</model>";
        var badCoordinate = $"<model type=\"Coordinate\" id=\"c-2\">{Field("Longitude", "Double", "200")}{Field("Latitude", "Double", "51.5")}</model>";
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<project id=\"p\" name=\"x\" reportVersion=\"7.34\" xmlns=\"http://pa.cellebrite.com/report/2.0\"><decodedData><modelType type=\"Location\">"
            + $"<model type=\"Location\" id=\"loc-a\" deleted_state=\"Intact\">{Field("Source", "String", null)}<modelField name=\"Position\" type=\"Coordinate\">{coordinate}</modelField>"
            + $"{Field("TimeStamp", "TimeStamp", "2024-03-09T07:00:00.000+01:00")}{Field("Category", "String", "Media Locations")}</model>"
            + $"<model type=\"Location\" id=\"loc-b\" deleted_state=\"Intact\"><modelField name=\"Position\" type=\"Coordinate\">{badCoordinate}</modelField>{Field("TimeStamp", "TimeStamp", "2024-03-09T08:00:00.000+00:00")}</model>"
            + "</modelType></decodedData></project>\n";
        var path = dir.Combine("report.xml");
        await File.WriteAllTextAsync(path, xml);

        var (events, _, context) = await ReadAsync(path);

        var e = Assert.Single(events);
        Assert.Equal((EventKind.Location, new GeoPoint(51.5007, -0.1246)), (e.Kind, e.Geo!.Value));
        Assert.Equal((new DateTimeOffset(2024, 3, 9, 6, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1)), (e.Time.Utc, e.Time.Offset));
        Assert.Equal("Location id=loc-a", e.Source.Locator);
        Assert.StartsWith("UFED location (Media Locations)", e.Text, StringComparison.Ordinal);
        Assert.Contains(context.Diagnostics, d => d.Locator == "Location id=loc-b" && d.Reason.Contains("no Position", StringComparison.Ordinal));
    }

    /// <summary>
    /// fixtures/cellebrite_apps/report.xml (tools/make_cellebrite_apps_fixture.py: InstalledApplication fields as
    /// SEilers/UFEDLib and a public UFDR apps extractor read them). Oracle: its expected.json, read back with xml.etree.
    /// </summary>
    [Fact]
    public async Task Installed_application_models_become_app_events_with_the_purchase_date_as_install_time()
    {
        var oracle = JsonDocument.Parse(await File.ReadAllTextAsync(RepoPaths.Fixture("cellebrite_apps", "expected.json"))).RootElement
            .GetProperty("models").EnumerateArray().ToList();

        var (events, _, context) = await ReadAsync(RepoPaths.Fixture("cellebrite_apps", "report.xml"));

        var listed = oracle.Where(m => m.GetProperty("fields").TryGetProperty("Identifier", out _)).ToList();
        Assert.Equal(listed.Count, events.Count);
        foreach (var m in listed)
        {
            var fields = m.GetProperty("fields");
            var locator = "InstalledApplication id=" + m.GetProperty("id").GetString();
            var e = Assert.Single(events, x => x.Source.Locator == locator);
            Assert.Equal((EventKind.App, Channels.App, fields.GetProperty("Identifier").GetString()), (e.Kind, e.Channel, e.Subject));
            Assert.Contains($"({fields.GetProperty("Name").GetString()}) version {fields.GetProperty("Version").GetString()}", e.Text, StringComparison.Ordinal);
            var purchase = fields.GetProperty("PurchaseDate").GetString()!;
            if (DateTimeOffset.TryParseExact(purchase, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                Assert.Equal((t.UtcDateTime, t.Offset, TimeBasis.ExplicitOffset), (e.Time.Utc.UtcDateTime, e.Time.Offset, e.Time.Basis));
                Assert.Contains("first installed " + t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + ";", e.Text, StringComparison.Ordinal);
                Assert.Contains("the first-installed time is the extraction's PurchaseDate", e.Text, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(e.Time.IsUndated);
                Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered && d.Locator == locator && d.Reason.Contains("PurchaseDate", StringComparison.Ordinal));
            }

            if (fields.TryGetProperty("DeletedDate", out var deleted))
            {
                var when = DateTimeOffset.Parse(deleted.GetString()!, CultureInfo.InvariantCulture).UtcDateTime;
                Assert.Contains("; deleted " + when.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.Text, StringComparison.Ordinal);
            }

            Assert.Equal(m.GetProperty("deleted_state").GetString() == "Deleted",
                context.Diagnostics.Any(d => d.Locator == locator && d.Reason.StartsWith("deleted record recovered", StringComparison.Ordinal)));
        }

        // The model without an Identifier is skipped and said so; nothing else is.
        var unlisted = Assert.Single(oracle, m => !m.GetProperty("fields").TryGetProperty("Identifier", out _));
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Locator == "InstalledApplication id=" + unlisted.GetProperty("id").GetString());
        Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
    }

    [Fact]
    public async Task A_cut_report_keeps_the_records_before_the_cut_and_says_where_it_stopped()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Bare);
        var cut = Encoding.UTF8.GetString(bytes).IndexOf("<modelType type=\"Call\">", StringComparison.Ordinal) + 30;
        var path = dir.Combine("report.xml");
        await File.WriteAllBytesAsync(path, bytes[..cut]);

        var (events, _, context) = await ReadAsync(path);

        Assert.Equal(5, events.Count); // the three chat messages and two SMS come before the calls
        var stop = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
        Assert.StartsWith("line ", stop.Locator, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_path_that_climbs_out_and_a_missing_file_are_listed_unhashed_and_reported()
    {
        using var dir = new TempDirectory();
        var xml = (await File.ReadAllTextAsync(Bare)).Replace("files\\Image\\IMG_0001.JPG", "..\\..\\secret.txt", StringComparison.Ordinal);
        File.WriteAllText(dir.Combine("secret.txt"), "not evidence");
        Directory.CreateDirectory(dir.Combine("case"));
        await File.WriteAllTextAsync(dir.Combine("case", "report.xml"), xml);

        var (events, _, context) = await ReadAsync(dir.Combine("case", "report.xml"));

        var attachment = Assert.Single(Model(events, "InstantMessage id=im-3").Attachments);
        Assert.Null(attachment.Sha256);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("climbs out", StringComparison.Ordinal));

        await File.WriteAllTextAsync(dir.Combine("case", "report.xml"), await File.ReadAllTextAsync(Bare)); // no files/ beside it
        var (again, _, missingContext) = await ReadAsync(dir.Combine("case", "report.xml"));
        Assert.Null(Assert.Single(Model(again, "InstantMessage id=im-3").Attachments).Sha256);
        Assert.Contains(missingContext.Diagnostics, d => d.Reason.Contains("is not beside the report", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_attachment_entry_that_expands_like_a_bomb_is_refused()
    {
        using var dir = new TempDirectory();
        var ufdr = dir.Combine("bomb.ufdr");
        using (var archive = ZipFile.Open(ufdr, ZipArchiveMode.Create))
        {
            using (var writer = archive.CreateEntry("report.xml").Open())
            {
                await writer.WriteAsync(await File.ReadAllBytesAsync(Bare));
            }

            using var bomb = archive.CreateEntry("files/Image/IMG_0001.JPG", CompressionLevel.Optimal).Open();
            await bomb.WriteAsync(new byte[16 << 20]);
        }

        var (events, context) = await ReadEntryAsync(ufdr);

        Assert.Null(Assert.Single(Model(events, "InstantMessage id=im-3").Attachments).Sha256);
        Assert.Contains(context.Diagnostics, d => d.Reason.Contains("possible zip bomb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_nested_beyond_the_limit_is_skipped_and_the_next_ones_are_still_read()
    {
        using var dir = new TempDirectory();
        var nested = string.Concat(Enumerable.Repeat("<modelField name=\"X\" type=\"Y\"><model type=\"Y\" id=\"n\">", 40))
            + string.Concat(Enumerable.Repeat("</model></modelField>", 40));
        var xml = (await File.ReadAllTextAsync(Bare)).Replace("<field name=\"Body\" type=\"String\"><value type=\"String\"><![CDATA[Pick up your phone]]>", nested + "<field name=\"Body\" type=\"String\"><value type=\"String\"><![CDATA[Pick up your phone]]>", StringComparison.Ordinal);
        await File.WriteAllTextAsync(dir.Combine("report.xml"), xml);

        var (events, _, context) = await ReadAsync(dir.Combine("report.xml"));

        Assert.DoesNotContain(events, e => e.Source.Locator.StartsWith("SMS id=sms-1", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "SMS id=sms-1" && d.Reason.Contains("nested more than", StringComparison.Ordinal));
        Assert.Equal(7, events.Count);
    }

    [Fact]
    public void The_sniffer_takes_a_report_in_Cellebrites_namespace_and_nothing_else()
    {
        var sniffer = new CellebriteReportSniffer();

        Assert.True(sniffer.Matches(ReaderHarness.Head(Bare)));
        Assert.False(sniffer.Matches(ReaderHarness.Head(RepoPaths.Fixture("sms_backup", "sms_small.xml"))));
        Assert.False(sniffer.Matches("<?xml version=\"1.0\"?><project name=\"build\"/>"u8));
    }
}
