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
