using EvidencePipe.Identifiers;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Application.Tests;

/// <summary><c>--aliases FILE</c>: an analyst's CSV of <c>person,identifier</c>, read with CsvHelper.</summary>
public sealed class CaseAnalysisTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string text)
    {
        var path = _dir.Combine("aliases.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Each_row_names_a_person_and_an_identifier_normalised_like_the_data()
    {
        var file = Write("person,identifier\nJordan Blake,07700 900666\n\n# a comment line\nJordan Blake,jordan.blake@example.com\n");

        var aliases = CaseAnalysis.ReadAliases(file, PhoneRegion.Default);

        // GB national 07700 900666 is +44 7700 900666 (E.164, ITU-T E.164 §6); e-mail addresses are lower-cased.
        Assert.Equal([("Jordan Blake", "tel:+447700900666"), ("Jordan Blake", "email:jordan.blake@example.com")], aliases);
    }

    [Fact]
    public void A_quoted_name_may_hold_a_comma_and_spaces_around_fields_are_ignored()
    {
        var file = Write("\"Blake, Jordan\" ,  +44 7700 900667\n");

        Assert.Equal([("Blake, Jordan", "tel:+447700900667")], CaseAnalysis.ReadAliases(file, PhoneRegion.Default));
    }

    [Theory]
    [InlineData("person,identifier\nJordan,07700900666\nno identifier here\n", 3)]
    [InlineData("Jordan,07700900666\n\n\n,07700900667\n", 4)]
    [InlineData("Jordan,07700900666\nSam,07700900668,extra\n", 2)]
    public void A_row_that_is_not_person_comma_identifier_is_a_usage_error_naming_its_line(string text, int line)
    {
        var file = Write(text);

        var error = Assert.Throws<CaseOptionException>(() => CaseAnalysis.ReadAliases(file, PhoneRegion.Default));

        Assert.Equal($"--aliases {file} line {line}: expected 'person,identifier'", error.Message);
    }

    [Fact]
    public void No_file_means_no_aliases_and_a_missing_file_is_a_usage_error()
    {
        Assert.Empty(CaseAnalysis.ReadAliases(null, PhoneRegion.Default));
        var missing = _dir.Combine("none.csv");
        Assert.Equal($"--aliases: no such file '{missing}'", Assert.Throws<CaseOptionException>(() => CaseAnalysis.ReadAliases(missing, PhoneRegion.Default)).Message);
    }
}
