namespace EvidencePipe.Mime.Tests;

/// <summary>RFC 2047 decoding; the examples of RFC 2047 §8 and common malformations.</summary>
public sealed class EncodedWordsTests
{
    [Theory]
    // RFC 2047 §8 examples.
    [InlineData("(=?ISO-8859-1?Q?a?=)", "(a)")]
    [InlineData("(=?ISO-8859-1?Q?a?= b)", "(a b)")]
    [InlineData("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)")]
    [InlineData("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)")]
    [InlineData("(=?ISO-8859-1?Q?a?=\t =?ISO-8859-1?Q?b?=)", "(ab)")]
    [InlineData("(=?ISO-8859-1?Q?a_b?=)", "(a b)")]
    [InlineData("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)")]
    [InlineData("=?US-ASCII?Q?Keith_Moore?=", "Keith Moore")]
    [InlineData("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard")]
    [InlineData("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=", "If you can read this you understand the example.")]
    public void Rfc_2047_examples_decode_as_the_rfc_says(string input, string expected) => Assert.Equal(expected, EncodedWords.Decode(input));

    [Fact]
    public void A_utf8_character_split_across_two_words_is_joined_before_decoding()
    {
        // "é" is C3 A9: the first word ends after C3, the second starts with A9.
        Assert.Equal("café", EncodedWords.Decode("=?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?="));
    }

    [Theory]
    [InlineData("=?utf-8?q?lower_case?=", "lower case")]
    [InlineData("=?UTF-8*en?Q?with_language?=", "with language")]
    [InlineData("prefix=?UTF-8?Q?glued?=suffix", "prefixgluedsuffix")]
    [InlineData("=?UTF-8?B?Y2Fmw6k?=", "café")] // base64 without padding
    [InlineData("=?UTF-8?Q?not closed", "=?UTF-8?Q?not closed")]
    [InlineData("=??Q?no_charset?=", "=??Q?no_charset?=")]
    [InlineData("plain text", "plain text")]
    public void Common_malformations_are_tolerated(string input, string expected) => Assert.Equal(expected, EncodedWords.Decode(input));

    [Fact]
    public void An_unknown_charset_is_decoded_best_effort_and_reported()
    {
        var problems = new MimeProblems();
        Assert.Equal("abc", EncodedWords.Decode("=?x-martian?Q?abc?=", problems));
        Assert.Contains(problems.Items, p => p.Reason.Contains("x-martian", StringComparison.Ordinal));
    }
}
