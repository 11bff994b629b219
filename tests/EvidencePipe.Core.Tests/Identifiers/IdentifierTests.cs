using EvidencePipe.Identifiers;

namespace EvidencePipe.Core.Tests.Identifiers;

public sealed class IdentifierTests
{
    private static readonly PhoneRegion Gb = PhoneRegion.Default;

    [Theory]
    [InlineData("07700 900666")]
    [InlineData("07700900666")]
    [InlineData("+44 (0)7700-900666")]
    [InlineData("+447700900666")]
    [InlineData("0044 7700 900666")]
    [InlineData("00447700900666")]
    [InlineData("447700900666")]
    [InlineData("(07700) 900-666")]
    [InlineData(" +44 7700 900 666 ")]
    public void Every_written_form_of_a_UK_mobile_becomes_the_same_E164_identifier(string raw)
    {
        Assert.Equal("tel:+447700900666", Identifier.ForPhone(raw, Gb));
    }

    [Fact]
    public void A_UK_landline_with_trunk_zero_is_expanded() =>
        Assert.Equal("tel:+441632960111", Identifier.ForPhone("01632 960111", Gb));

    [Theory]
    [InlineData("81234", "tel:81234")]
    [InlineData("123", "tel:123")]
    [InlineData("DPD", "tel:DPD")]
    [InlineData("HSBC UK", "tel:HSBC UK")]
    public void Short_codes_and_alphanumeric_senders_are_kept_as_they_are(string raw, string expected) =>
        Assert.Equal(expected, Identifier.ForPhone(raw, Gb));

    [Fact]
    public void A_US_number_in_international_form_is_kept_whatever_the_region() =>
        Assert.Equal("tel:+15550000001", Identifier.ForPhone("+1 555-000-0001", Gb));

    [Fact]
    public void A_national_US_number_is_expanded_with_the_US_region()
    {
        Assert.True(PhoneRegion.TryGet("US", out var us));
        Assert.Equal("tel:+15551112222", Identifier.ForPhone("(555) 111-2222", us));
        Assert.Equal("tel:+15551112222", Identifier.ForPhone("1-555-111-2222", us));
        Assert.Equal("tel:+447700900666", Identifier.ForPhone("011 44 7700 900666", us));
    }

    [Theory]
    [InlineData("+44 07700 900666")]
    [InlineData("+44 (0) 7700 900666")]
    public void A_trunk_zero_written_after_the_country_code_is_dropped(string raw) =>
        Assert.Equal("tel:+447700900666", Identifier.ForPhone(raw, Gb));

    /// <summary>
    /// Issue 16: with <c>--region IT</c> the hand-written table read "392 123 4567" as +39 21234567.
    /// Italian mobiles have no trunk prefix: the national significant number is 3921234567 (E.164
    /// hand-computed: +39 then the number as dialled nationally).
    /// </summary>
    [Theory]
    [InlineData("392 123 4567")]
    [InlineData("3921234567")]
    [InlineData("+39 392 123 4567")]
    [InlineData("0039 392 123 4567")]
    public void An_Italian_mobile_written_nationally_and_internationally_is_one_identifier(string raw)
    {
        Assert.True(PhoneRegion.TryGet("IT", out var it));
        Assert.Equal("tel:+393921234567", Identifier.ForPhone(raw, it));
    }

    /// <summary>
    /// One number per region in its national form (as dialled in the region, trunk prefix included),
    /// with its international forms; the expected E.164 is hand-computed from each national numbering
    /// plan: country code, then the national significant number without the trunk prefix (Italy and
    /// San Marino keep their leading 0; Russia's trunk prefix is 8; Hungary's 06).
    /// Several are libphonenumber's own documented example numbers (PhoneNumberMetadata.xml exampleNumber).
    /// </summary>
    [Theory]
    [InlineData("GB", "020 7946 0018", "+44 20 7946 0018", "+442079460018")]
    [InlineData("US", "(201) 555-0123", "+1 201-555-0123", "+12015550123")]
    [InlineData("CA", "(506) 234-5678", "+1 506 234 5678", "+15062345678")]
    [InlineData("DE", "030 123456", "+49 30 123456", "+4930123456")]
    [InlineData("FR", "01 23 45 67 89", "+33 1 23 45 67 89", "+33123456789")]
    [InlineData("IT", "02 1234 5678", "+39 02 1234 5678", "+390212345678")]
    [InlineData("ES", "810 12 34 56", "+34 810 12 34 56", "+34810123456")]
    [InlineData("NL", "010 123 4567", "+31 10 123 4567", "+31101234567")]
    [InlineData("BE", "012 34 56 78", "+32 12 34 56 78", "+3212345678")]
    [InlineData("IE", "022 12345", "+353 22 12345", "+3532212345")]
    [InlineData("AU", "02 1234 5678", "+61 2 1234 5678", "+61212345678")]
    [InlineData("NZ", "03 234 5678", "+64 3 234 5678", "+6432345678")]
    [InlineData("IN", "074104 10123", "+91 74104 10123", "+917410410123")]
    [InlineData("BR", "(11) 2345-6789", "+55 11 2345-6789", "+551123456789")]
    [InlineData("MX", "200 123 4567", "+52 200 123 4567", "+522001234567")]
    [InlineData("JP", "03-1234-5678", "+81 3-1234-5678", "+81312345678")]
    [InlineData("RU", "8 (301) 123-45-67", "+7 301 123-45-67", "+73011234567")]
    [InlineData("PL", "12 345 67 89", "+48 12 345 67 89", "+48123456789")]
    [InlineData("ZA", "010 123 4567", "+27 10 123 4567", "+27101234567")]
    [InlineData("HU", "06 1 234 5678", "+36 1 234 5678", "+3612345678")]
    [InlineData("CH", "021 234 56 78", "+41 21 234 56 78", "+41212345678")]
    public void A_number_written_nationally_and_internationally_is_one_identifier_in_its_region(string region, string national, string international, string e164)
    {
        Assert.True(PhoneRegion.TryGet(region, out var r));
        Assert.Equal("tel:" + e164, Identifier.ForPhone(national, r));
        Assert.Equal("tel:" + e164, Identifier.ForPhone(international, r));
        Assert.Equal("tel:" + e164, Identifier.ForPhone(international, Gb));
        Assert.Equal("tel:" + e164, Identifier.ForPhone(e164, r));
    }

    [Theory]
    [InlineData("020 7946 0018 ext. 123")]
    [InlineData("+44 20 7946 0018 x123")]
    [InlineData("+442079460018;ext=123")]
    public void An_extension_is_kept_as_its_own_part_after_the_number(string raw) =>
        Assert.Equal("tel:+442079460018;ext=123", Identifier.ForPhone(raw, Gb));

    [Theory]
    [InlineData("tel:+442079460018", "valid")]
    [InlineData("tel:+447700900666", "possible")]
    [InlineData("tel:+442079460018;ext=123", "valid")]
    [InlineData("tel:81234", "short-code")]
    [InlineData("tel:DPD", "alphanumeric")]
    [InlineData("tel:+4412", "impossible")]
    [InlineData("email:a@b.com", null)]
    public void The_check_recorded_for_an_identifier_says_whether_the_number_is_valid_or_only_possible(string identifier, string? expected) =>
        Assert.Equal(expected, PhoneNormalizer.Check(identifier));

    [Fact]
    public void An_impossible_number_is_kept_as_written_not_expanded_with_the_region()
    {
        // 15 digits after +44 is longer than any British number: kept, not rewritten.
        Assert.Equal("tel:+44123456789012345", Identifier.ForPhone("+44 123 456 789 012 345", Gb));
        Assert.Equal("tel:12345678901234567", Identifier.ForPhone("1234 5678 9012 34567", Gb));
    }

    [Theory]
    [InlineData("GB", "345 6789", "tel:3456789")]
    [InlineData("GB", "0770090", "tel:0770090")]
    [InlineData("US", "00-1-212-555-7777", "tel:+12125557777")]
    public void Local_numbers_are_not_expanded_and_a_00_prefix_is_international_anywhere(string region, string raw, string expected)
    {
        Assert.True(PhoneRegion.TryGet(region, out var r));
        Assert.Equal(expected, Identifier.ForPhone(raw, r));
    }

    [Fact]
    public void A_US_number_without_its_area_code_is_not_given_an_E164_form()
    {
        Assert.True(PhoneRegion.TryGet("US", out var us));
        Assert.Equal("tel:5550123", Identifier.ForPhone("555-0123", us));
    }

    [Fact]
    public void Every_region_libphonenumber_knows_is_accepted_and_unknown_codes_are_not()
    {
        Assert.True(PhoneRegion.TryGet("gb", out var gb));
        Assert.Equal("GB", gb.Code);
        Assert.Equal(44, gb.CountryCode);
        Assert.True(PhoneRegion.TryGet("KE", out _));
        Assert.False(PhoneRegion.TryGet("XX", out _));
        Assert.True(PhoneRegion.Known.Count() > 200);
    }

    [Fact]
    public void The_normaliser_is_named_with_the_library_version_a_case_records() =>
        Assert.Equal("libphonenumber-csharp 9.0.43", PhoneNormalizer.Name);

    [Fact]
    public void Email_addresses_are_lower_cased_and_unbracketed()
    {
        Assert.Equal("email:jordan@example.net", Identifier.FromAddress("<Jordan@Example.NET>", Gb));
    }

    [Fact]
    public void Blank_addresses_have_no_identifier()
    {
        Assert.Null(Identifier.FromAddress("  ", Gb));
        Assert.Null(Identifier.FromAddress(null, Gb));
    }

    [Theory]
    [InlineData("tel:07700 900666", "tel:+447700900666")]
    [InlineData("email:A@B.com", "email:a@b.com")]
    [InlineData("name:Jordan", "name:Jordan")]
    [InlineData("handle:telegram:12345", "handle:telegram:12345")]
    [InlineData("07700900666", "tel:+447700900666")]
    public void Identifiers_typed_by_an_examiner_are_normalised_per_scheme(string input, string expected) =>
        Assert.Equal(expected, Identifier.Parse(input, Gb));

    [Fact]
    public void Display_names_have_bidi_marks_removed_and_whitespace_collapsed() =>
        Assert.Equal("name:Jane Doe", Identifier.ForName("\u200EJane   Doe "));
}
