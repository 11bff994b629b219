using EvidencePipe.Readers.Skype;

namespace EvidencePipe.Readers.Tests.Skype;

/// <summary>body_xml decoding; expected text written by hand from the markup (entities per HTML's named character references).</summary>
public sealed class SkypeBodyTests
{
    [Theory]
    [InlineData("yt?", "yt?")]
    [InlineData("I&apos;m here &amp; there &lt;3", "I'm here & there <3")]
    [InlineData("<a href=\"https://example.org/x\">https://example.org/x</a>", "https://example.org/x")]
    [InlineData("see you <ss type=\"smile\">:)</ss>", "see you :)")]
    [InlineData("<b>I know</b> where you <i>live</i>", "I know where you live")]
    [InlineData("<sms alt=\"on my way\"><type>2</type><body><chunk id=\"0\">on my way</chunk></body></sms>", "on my way")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    [InlineData("<unclosed attr=\"x", null)]
    public void Markup_is_decoded_to_the_text_a_user_saw(string? body, string? text) => Assert.Equal(text, SkypeBody.Text(body));
}
