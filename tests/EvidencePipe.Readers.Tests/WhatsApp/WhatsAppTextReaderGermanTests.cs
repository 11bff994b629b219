using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.WhatsApp;

/// <summary>
/// Golden tests on the two German Android exports (skowalak/whatsapp-to-sqlite): dotted
/// <c>dd.mm.yy, HH:MM - </c> headers, German system notices, "(Datei angehängt)" attachments,
/// U+200E marks and U+00A0 inside numbers. Counts were taken from the raw files with a script.
/// </summary>
public sealed class WhatsAppTextReaderGermanTests
{
    private const string JaneDoe = "WhatsApp Chat mit Jane Doe.txt";
    private const string Group = "WhatsApp Chat mit Die üblichen Verdächtigen.txt";

    [Fact]
    public async Task The_two_party_chat_has_eight_messages_on_their_header_lines()
    {
        var (events, context) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(JaneDoe));

        Assert.Equal(["line 1", "line 2", "line 3", "line 4", "line 6", "line 7", "line 11", "line 12"], events.Select(e => e.Source.Locator));
        Assert.Empty(context.Diagnostics);
        Assert.All(events, e => Assert.Equal("whatsapp:Jane Doe", e.ThreadId));
    }

    [Fact]
    public async Task The_encryption_notice_is_a_system_line_without_sender()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(JaneDoe));

        var notice = events.At(1);
        Assert.Null(notice.From);
        Assert.Empty(notice.To);
        Assert.Equal("Nachrichten, die du in diesem Chat sendest, sowie Anrufe, sind jetzt mit Ende-zu-Ende-Verschlüsselung geschützt. Tippe für mehr Infos.", notice.Text);
        Assert.Equal(WhatsAppTestFiles.Utc("2021-02-16T22:10:00Z"), notice.Time.Utc);
    }

    [Fact]
    public async Task In_the_two_party_chat_each_message_is_addressed_to_the_other_sender()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(JaneDoe));

        Assert.Equal("name:Jane Doe", events.At(2).From);
        Assert.Equal(["name:John Doe"], events.At(2).To);
        Assert.Equal("name:John Doe", events.At(3).From);
        Assert.Equal(["name:Jane Doe"], events.At(3).To);
        Assert.Equal("Sorry, wie bitte?", events.At(3).Text);
        Assert.Equal(WhatsAppTestFiles.Utc("2021-02-18T05:41:00Z"), events.At(12).Time.Utc);
        Assert.Equal("Cool, danke 😃🙏", events.At(12).Text);
    }

    [Fact]
    public async Task A_multi_line_message_keeps_its_blank_line()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(JaneDoe));

        Assert.Equal(
            "Na gut, trotzdem danke. Ich werde mal Kurt fragen denke ich.\nVielleicht weiss er ja mehr.\n\nBy the way, wie geht es Dir? Kannst Du mir evtl. mal die Nummer von Max schicken?",
            events.At(7).Text);
    }

    [Fact]
    public async Task Datei_angehaengt_lines_become_attachments_and_keep_their_caption()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(JaneDoe));

        var video = events.At(4);
        Assert.Equal("VID-20181031-WA0007.mp4 (Datei angehängt)\nDas hier meine ich", video.Text);
        Assert.Equal([new Attachment("VID-20181031-WA0007.mp4", "video/mp4", 0, null)], video.Attachments);
        Assert.Equal([new Attachment("Max Caulfield.vcf", "text/vcard", 0, null)], events.At(11).Attachments);
        Assert.Empty(events.At(3).Attachments);
    }

    [Fact]
    public async Task Given_the_owner_when_reading_the_two_party_chat_then_directions_follow_the_owner()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(JaneDoe), WhatsAppTestFiles.WithOwner("name:John Doe"));

        Assert.Equal(Direction.Unknown, events.At(1).Direction);
        Assert.Equal(Direction.Incoming, events.At(2).Direction);
        Assert.Equal(Direction.Outgoing, events.At(3).Direction);
    }

    [Fact]
    public async Task The_group_export_has_165_messages_28_system_lines_and_129_media_placeholders()
    {
        var (events, context) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(Group));

        Assert.Equal(165, events.Count);
        Assert.Equal(28, events.Count(e => e.From is null));
        Assert.Equal(129, events.Count(e => e.Attachments.Count == 1));
        Assert.Equal(26, events.Where(e => e.From is not null).Select(e => e.From).Distinct().Count());
        Assert.Equal(events.Count, events.Select(e => e.Source.Locator).Distinct().Count());
        Assert.DoesNotContain(context.Diagnostics, d => d.Severity != DiagnosticSeverity.Note);
    }

    [Fact]
    public async Task The_group_is_named_by_the_file_and_every_message_goes_to_the_25_other_senders()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(Group));

        var carlos = events.At(257);
        Assert.Equal("name:Carlos Matos", carlos.From);
        Assert.Equal("Hey hey heeey", carlos.Text);
        Assert.Equal(25, carlos.To.Count);
        Assert.DoesNotContain("name:Carlos Matos", carlos.To);
        Assert.Contains("tel:+493746165536", carlos.To);
        Assert.Equal(carlos.To.Order(StringComparer.Ordinal), carlos.To);
        Assert.All(events, e => Assert.Equal("whatsapp:Die üblichen Verdächtigen", e.ThreadId));
    }

    [Fact]
    public async Task German_system_notices_are_unattributed_with_directional_marks_and_no_break_spaces_removed()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(Group));

        Assert.Null(events.At(1).From);
        Assert.Equal("Carlos Matos hat die Gruppe \"Die üblichen Verdächtigen\" erstellt.", events.At(1).Text);
        Assert.Equal(WhatsAppTestFiles.Utc("2012-12-12T08:29:00Z"), events.At(1).Time.Utc);
        Assert.Null(events.At(3).From);
        Assert.Equal("+49 2938 6708440 hat zu +49 357 2678659 gewechselt.", events.At(3).Text);
        Assert.Null(events.At(7).From);
        Assert.Equal("Du hast A-aron hinzugefügt.", events.At(7).Text);
        Assert.Null(events.At(262).From);
    }

    [Fact]
    public async Task Senders_shown_as_numbers_become_telephone_identifiers()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(Group));

        var chinese = events.At(269);
        Assert.Equal("tel:+8685446534233", chinese.From);
        Assert.Equal("+86 854 46534233", chinese.Names["tel:+8685446534233"]);
        Assert.Equal("IMG-20211120-WA0003.jpg (Datei angehängt)\nWhat do you think of my additions to your document?", chinese.Text);
        Assert.Equal([new Attachment("IMG-20211120-WA0003.jpg", "image/jpeg", 0, null)], chinese.Attachments);
        Assert.Equal("tel:+493746165536", events.At(290).From);
        Assert.Equal("Basam.vcf", events.At(290).Attachments.Single().Name);
    }

    [Fact]
    public async Task Attachment_names_lose_their_left_to_right_mark_and_omitted_media_has_no_name()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(Group));

        var abibuch = events.At(21);
        Assert.Equal("name:Benjamin Krüger", abibuch.From);
        Assert.Equal("Abibuch_1.pdf.pdf (Datei angehängt)\nAbibuch_1.pdf", abibuch.Text);
        Assert.Equal([new Attachment("Abibuch_1.pdf.pdf", "application/pdf", 0, null)], abibuch.Attachments);
        Assert.Equal("PTT-20171201-WA0031.opus", events.At(5).Attachments.Single().Name);
        Assert.Equal("audio/ogg", events.At(5).Attachments.Single().MediaType);

        var omitted = events.At(261);
        Assert.Equal("<Medien ausgeschlossen>", omitted.Text);
        Assert.Equal([new Attachment(null, null, 0, null)], omitted.Attachments);
    }

    [Fact]
    public async Task Times_follow_british_summer_time_on_either_side_of_its_end()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(Group));

        // 19.05.16 00:29 BST; 30.10.21 08:29 BST (last day of summer time); 31.10.21 08:29 GMT.
        Assert.Equal(WhatsAppTestFiles.Utc("2016-05-18T23:29:00Z"), events.At(21).Time.Utc);
        Assert.Equal(WhatsAppTestFiles.Utc("2021-10-30T07:29:00Z"), events.At(257).Time.Utc);
        Assert.Equal(WhatsAppTestFiles.Utc("2021-10-31T08:29:00Z"), events.At(255).Time.Utc);
        Assert.Equal(TimeSpan.FromHours(1), events.At(257).Time.Offset);
    }

    [Fact]
    public async Task A_colon_inside_a_message_does_not_move_the_sender_boundary()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(Group));

        var wrede = events.At(264);
        Assert.Equal("name:Dr. Sebastian Wrede", wrede.From);
        Assert.Equal("What do you think of this: Microservices?", wrede.Text);
        Assert.Equal(WhatsAppTestFiles.Utc("2021-12-20T21:38:00Z"), wrede.Time.Utc);
        Assert.Equal("It could use a little more color.\n\nI outlined this in my campaign details documents as well on our channel on freenode.", events.At(265).Text);
    }
}
