using System.Text;
using EvidencePipe.Reading;

namespace EvidencePipe.Core.Tests.Reading;

public sealed class TextSniffingTests
{
    [Fact]
    public void A_UTF8_byte_order_mark_is_removed_before_sniffing()
    {
        byte[] head = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("BEGIN:VCARD")];
        Assert.Equal("BEGIN:VCARD", TextSniffing.DecodeHead(head));
    }

    [Fact]
    public void Text_without_a_mark_is_decoded_unchanged() =>
        Assert.Equal("ï»¿x", TextSniffing.DecodeHead(Encoding.UTF8.GetBytes("ï»¿x")));

    [Fact]
    public void NUL_bytes_mean_binary() => Assert.True(TextSniffing.LooksBinary([0x50, 0x00, 0x4B]));
}
