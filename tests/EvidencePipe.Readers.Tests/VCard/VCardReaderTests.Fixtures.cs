using static EvidencePipe.Readers.Tests.VCard.VCardTestSupport;

namespace EvidencePipe.Readers.Tests.VCard;

/// <summary>
/// Golden tests over every real fixture in fixtures/vcard (ez-vcard samples, see fixtures/SOURCES.md).
/// Expected names and identifiers were worked out by reading the raw files (cat -A, and Python's
/// quopri for the quoted-printable values), with numbers put into E.164 by the rules of
/// Identifier.ForPhone for the stated region.
/// </summary>
public sealed partial class VCardReaderTests
{
    private const string N1 = "Ñ"; // U+00D1, quoted-printable =C3=91 in the Android export

    [Fact]
    public async Task Android_2_1_export_yields_six_cards_with_quoted_printable_utf8_names()
    {
        var (cards, context) = await ReadAsync(Fixture("John_Doe_ANDROID.vcf"));

        Assert.Equal(6, cards.Count);
        Assert.Equal(
            ["vcard[1] line 1", "vcard[2] line 6", "vcard[3] line 11", "vcard[4] line 18", "vcard[5] line 36", "vcard[6] line 71"],
            cards.Select(c => c.Source.Locator));

        // Cards 1 and 2 have only EMAIL and CATEGORIES: no FN, N or ORG, so no name.
        Assert.Null(cards[0].Name);
        Assert.Equal(["email:john.doe@company.com"], cards[0].Ids());
        Assert.Null(cards[1].Name);
        Assert.Equal(["email:jane.doe@company.com"], cards[1].Ids());

        // FN =C3=91=20 ×5 → "Ñ Ñ Ñ Ñ Ñ " (trailing space trimmed); 9-digit 123456789 is a GB national number.
        Assert.Equal("Ñ Ñ Ñ Ñ Ñ", cards[2].Name);
        Assert.Equal(["tel:+44123456789"], cards[2].Ids());

        // FN continues over a quoted-printable soft line break ("=C3=91=" / "=20=C3=91…"): 11 Ñ.
        Assert.Equal(string.Join(' ', Enumerable.Repeat(N1, 11)), cards[3].Name);
        Assert.Equal(["tel:123456", "tel:234567", "tel:3456789", "tel:45678901"], cards[3].Ids());

        // Three TELs with the same 123456 collapse to one; the QP EMAIL is 14 Ñ, lower-cased.
        Assert.Equal("Ñ Ñ Ñ Ñ", cards[4].Name);
        Assert.Equal(["tel:123456", "email:bob@company.com", "email:" + string.Concat(Enumerable.Repeat("ñ", 14))], cards[4].Ids());

        Assert.Equal("ÑÑÑÑ", cards[5].Name);
        Assert.Equal(["tel:55556666", "email:henry@company.com"], cards[5].Ids());

        // The ORG at line 82 declares UTF-8 but ends with a lone =80 byte (line 86).
        var note = Assert.Single(context.Diagnostics);
        Assert.Equal("line 82", note.Locator);
        Assert.Contains("ORG", note.Reason, StringComparison.Ordinal);
        Assert.Equal(0, context.Recovered);
        Assert.Equal(0, context.Skipped);
    }

    [Fact]
    public async Task BlackBerry_card_with_a_2256_byte_photo_line_keeps_name_and_number()
    {
        var (cards, context) = await ReadAsync(Fixture("John_Doe_BLACK_BERRY.vcf"));

        var card = Assert.Single(cards);
        Assert.Equal("John Doe", card.Name);
        Assert.Equal(["tel:+96123456789"], card.Ids());
        Assert.Equal("vcard[1] line 1", card.Source.Locator);
        Assert.Equal("vcard", card.Source.Format);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Evolution_3_0_card_unfolds_values_split_across_lines()
    {
        var (cards, context) = await ReadAsync(Fixture("John_Doe_EVOLUTION.vcf"), Us);

        var card = Assert.Single(cards);
        // FN:Mr. John Richter\, James Doe Sr. — the escaped comma is text.
        Assert.Equal("Mr. John Richter, James Doe Sr.", card.Name);
        // X-AIM "johnn"+"y5@aol.com", TEL "905-666"+"-1234", TEL "9"+"05-555-1234", EMAIL "john."+"doe@ibm.com".
        Assert.Equal(
            ["handle:aim:johnny5@aol.com", "tel:+19056661234", "tel:+19055551234", "email:john.doe@ibm.com"],
            card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Gmail_3_0_card_has_one_email_and_two_phones()
    {
        var (cards, context) = await ReadAsync(Fixture("John_Doe_GMAIL.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("Mr. John Richter, James Doe Sr.", card.Name);
        Assert.Equal(["email:john.doe@ibm.com", "tel:+19055551234", "tel:+19056661234"], card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Gmail_card_in_a_GB_case_reads_the_same_numbers_as_GB_national_numbers()
    {
        var (cards, _) = await ReadAsync(Fixture("John_Doe_GMAIL.vcf"), Gb);

        // 905-555-1234 has ten digits and no trunk 0: Identifier.ForPhone takes it as a GB national number.
        Assert.Equal(["email:john.doe@ibm.com", "tel:+449055551234", "tel:+449056661234"], Assert.Single(cards).Ids());
    }

    [Fact]
    public async Task iPhone_card_with_CR_CR_LF_line_ends_and_a_folded_photo_reads_all_seven_numbers()
    {
        var (cards, context) = await ReadAsync(Fixture("John_Doe_IPHONE.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("Mr. John Richter James Doe Sr.", card.Name);
        Assert.Equal(
            [
                "email:john.doe@ibm.com",
                "tel:+19055551234", "tel:+19056661234", "tel:+19057771234", "tel:+19058881234",
                "tel:+19059991234", "tel:+19051111234", "tel:+19052221234",
            ],
            card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Lotus_Notes_card_expands_international_prefix_numbers()
    {
        var (cards, context) = await ReadAsync(Fixture("John_Doe_LOTUS_NOTES.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("Mr. Doe John I Johny", card.Name);
        // "+1 (212) 204-34456" keeps its digits; "00-1-212-555-7777" is 00 + country code 1.
        Assert.Equal(
            ["email:john.doe@ibm.com", "email:billy_bob@gmail.com", "tel:+121220434456", "tel:+12125557777"],
            card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Mac_Address_Book_card_with_LF_only_photo_lines_reads_name_and_numbers()
    {
        var (cards, context) = await ReadAsync(Fixture("John_Doe_MAC_ADDRESS_BOOK.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("Mr. John Richter,James Doe Sr.", card.Name);
        Assert.Equal(
            [
                "email:john.doe@ibm.com",
                "tel:+19057771234", "tel:+19056661234", "tel:+19055551234", "tel:+19058881234",
                "tel:+19059991234", "tel:+19051111234", "tel:+19052221234",
            ],
            card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task MS_Outlook_2_1_card_reads_phones_email_and_IM_address()
    {
        var (cards, context) = await ReadAsync(Fixture("John_Doe_MS_OUTLOOK.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("Mr. John Richter James Doe Sr.", card.Name);
        Assert.Equal(["tel:+19055551234", "tel:+19056661234", "email:john.doe@ibm.cm", "handle:im:johny5@aol.com"], card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Outlook_2003_card_keeps_placeholder_phone_texts_as_written()
    {
        var (cards, context) = await ReadAsync(Fixture("outlook-2003.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("John Doe III", card.Name);
        // The sample's TEL values are words ("BusinessPhone"); Identifier.ForPhone keeps alphanumerics as they are.
        Assert.Equal(
            ["tel:BusinessPhone", "tel:HomePhone", "tel:MobilePhone", "tel:BusinessFaxPhone", "email:jdoe@hotmail.com"],
            card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Outlook_2007_card_merges_the_callback_number_with_the_cell_number()
    {
        var (cards, context) = await ReadAsync(Fixture("outlook-2007.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("Mr. Michael Angstadt Jr.", card.Name);
        // Area code 111 is not an assigned NANP area code, but ten digits written nationally are a
        // possible NANP number: +1 then the ten digits (hand-computed; recorded as "possible", not "valid").
        // X-MS-TEL (111) 555-4444 repeats the CELL number.
        Assert.Equal(
            ["tel:+11115551111", "tel:+11115552222", "tel:+11115554444", "tel:+11115553333", "email:mike.angstadt@gmail.com", "handle:im:im@aim.com"],
            card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Gmail_list_yields_three_cards_in_file_order()
    {
        var (cards, context) = await ReadAsync(Fixture("gmail-list.vcf"), Us);

        Assert.Equal(["Arnold Smith", "Chris Beatle", "Doug White"], cards.Select(c => c.Name));
        Assert.Equal(["vcard[1] line 1", "vcard[2] line 7", "vcard[3] line 13"], cards.Select(c => c.Source.Locator));
        Assert.Equal(["email:asmithk@gmail.com"], cards[0].Ids());
        Assert.Equal(["email:chrisy55d@yahoo.com"], cards[1].Ids());
        Assert.Equal(["email:dwhite@gmail.com"], cards[2].Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Gmail_single_card_keeps_every_email_IM_handle_and_phone_in_file_order()
    {
        var (cards, context) = await ReadAsync(Fixture("gmail-single2.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("VCard Test", card.Name);
        string[] expected =
        [
            "email:email@example.com", "email:homeemail@example.com", "email:workemail@example.com",
            "email:otheremail@example.com", "email:customcategory@example.com",
            "handle:gtalk:IM2", "handle:aim:IM3", "handle:yahoo:IM4", "handle:skype:IM5",
            "handle:qq:IM6", "handle:msn:IM7", "handle:icq:IM8", "handle:xmpp:IM9",
            .. Enumerable.Range(1111, 11).Select(n => $"tel:+1555555{n}"),
        ];
        Assert.Equal(expected, card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task RFC_2426_example_with_lower_case_vCard_keyword_yields_two_cards()
    {
        var (cards, context) = await ReadAsync(Fixture("rfc2426-example.vcf"), Us);

        Assert.Equal(2, cards.Count);
        Assert.Equal("Frank Dawson", cards[0].Name);
        Assert.Equal("vcard[1] line 1", cards[0].Source.Locator);
        Assert.Equal(
            ["tel:+19196769515", "tel:+19196769564", "email:frank_dawson@lotus.com", "email:fdawson@earthlink.net"],
            cards[0].Ids());
        Assert.Equal("Tim Howes", cards[1].Name);
        Assert.Equal("vcard[2] line 13", cards[1].Source.Locator);
        Assert.Equal(["tel:+14159373419", "tel:+14155284164", "email:howes@netscape.com"], cards[1].Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task RFC_6350_example_reads_tel_URIs_without_their_extension()
    {
        var (cards, context) = await ReadAsync(Fixture("rfc6350-example.vcf"), Us);

        var card = Assert.Single(cards);
        Assert.Equal("Simon Perreault", card.Name);
        // tel:+1-418-656-9254;ext=102 and tel:+1-418-262-6501
        Assert.Equal(["tel:+14186569254", "tel:+14182626501", "email:simon.perreault@viagenie.ca"], card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Every_real_fixture_reads_the_same_twice_with_the_same_locators()
    {
        foreach (var path in Directory.GetFiles(RepoPathsVCard, "*.vcf"))
        {
            var (first, _) = await ReadAsync(path, Us);
            var (second, _) = await ReadAsync(path, Us);
            Assert.NotEmpty(first);
            Assert.Equal(first, second, (a, b) => a.Name == b.Name && a.Ids().SequenceEqual(b.Ids()) && a.Source == b.Source);
            Assert.Equal(first.Count, first.Select(c => c.Source.Locator).Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static string RepoPathsVCard => Path.GetDirectoryName(Fixture("gmail-list.vcf"))!;
}
