using EvidencePipe.Readers.Email;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>RFC 5322 §3.3 and §4.3 dates and the broken forms seen in the real fixtures.</summary>
public sealed class MailDateTests
{
    [Theory]
    [InlineData("Fri, 21 Nov 1997 09:55:06 -0600", "1997-11-21T15:55:06Z")] // RFC 5322 A.1.1
    [InlineData("Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T08:52:37Z")] // RFC 5322 A.1.2
    [InlineData("21 Nov 97 09:55:06 GMT", "1997-11-21T09:55:06Z")] // RFC 5322 A.6.2: 2-digit year, zone name
    [InlineData("Fri, 21 Nov 1997 09:55:06 -0600 (MDT)", "1997-11-21T15:55:06Z")]
    [InlineData("Fri, 23 Aug 2002 2:32:53 -0400", "2002-08-23T06:32:53Z")] // simple.mbox.txt: one-digit hour
    [InlineData("Tue, 17 Jul 2012 22:23:35.882 0000", "2012-07-17T22:23:35Z")] // mime4j-219: fraction, unsigned zone
    [InlineData("Mon, 21 Aug 95 13:30:57 -600", "1995-08-21T19:30:57Z")] // multi-bad.msg: zone without leading zero
    [InlineData("Thu, 8 Mar 2005 17:40:36 EDT", "2005-03-08T21:40:36Z")]
    [InlineData("Wed, 22 Jul 2015 01:02:29 +0900", "2015-07-21T16:02:29Z")]
    [InlineData("2024-03-02 23:15:00 +01:00", "2024-03-02T22:15:00Z")]
    [InlineData("Sat, 2 March 2024 23:15:00 GMT+0100", "2024-03-02T22:15:00Z")]
    [InlineData("Tue, 2 Jan 104 08:30:00 +0000", "2004-01-02T08:30:00Z")] // 3-digit year: +1900
    public void Dates_with_zones_parse_to_the_right_instant(string text, string utc)
    {
        Assert.True(MailDate.TryParse(text, out var value));
        Assert.True(value.HasZone);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), value.Value.ToUniversalTime());
    }

    [Fact]
    public void An_asctime_from_line_date_has_no_zone()
    {
        Assert.True(MailDate.TryParse("Mon Jun  3 12:50:27 1996", out var value));
        Assert.False(value.HasZone);
        Assert.Equal(new DateTime(1996, 6, 3, 12, 50, 27), value.Value.DateTime);
    }

    [Theory]
    [InlineData("Tue, 06 Jun 2017 27:39:33 +0600")] // cpython msg_47.txt: hour 27
    [InlineData("Mon, 31 Feb 2020 10:00:00 +0000")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Fri, 21 Nov 1997 09:55:06 +9999")]
    public void Impossible_or_unreadable_dates_are_rejected(string? text) => Assert.False(MailDate.TryParse(text, out _));
}
