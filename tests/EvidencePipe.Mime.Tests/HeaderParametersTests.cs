namespace EvidencePipe.Mime.Tests;

/// <summary>Content-Type / Content-Disposition parameters, including the RFC 2231 examples.</summary>
public sealed class HeaderParametersTests
{
    [Fact]
    public void Rfc_2231_continuations_are_joined()
    {
        // RFC 2231 §3.
        var p = HeaderParameters.Parse("message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"");
        Assert.Equal("message/external-body", p.Value);
        Assert.Equal("ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar", p["url"]);
    }

    [Fact]
    public void Rfc_2231_charset_and_percent_encoding_are_decoded()
    {
        // RFC 2231 §4 and §4.1.
        Assert.Equal("This is ***fun***", HeaderParameters.Parse("application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A")["title"]);
        Assert.Equal("This is even more ***fun*** isn't it!", HeaderParameters.Parse(
            "application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"")["title"]);
        Assert.Equal("naïve.txt", HeaderParameters.Parse("attachment; filename*=UTF-8''na%C3%AFve.txt")["filename"]);
    }

    [Theory]
    [InlineData("text/plain;; charset=utf-8", "utf-8")]
    [InlineData("text/plain; charset=\"utf-8\" ; format=flowed", "utf-8")]
    [InlineData("TEXT/PLAIN; CHARSET=UTF-8", "UTF-8")]
    [InlineData("text/plain; charset=utf-8 (a comment)", "utf-8 (a comment)")]
    public void Parameters_survive_stray_semicolons_quotes_and_case(string raw, string charset)
    {
        var p = HeaderParameters.Parse(raw);
        Assert.Equal("text/plain", p.Value);
        Assert.Equal(charset, p["charset"]);
    }

    [Fact]
    public void Encoded_words_in_a_quoted_name_are_decoded()
    {
        Assert.Equal("Résumé.pdf", HeaderParameters.Parse("application/pdf; name=\"=?UTF-8?Q?R=C3=A9sum=C3=A9.pdf?=\"")["name"]);
    }
}
