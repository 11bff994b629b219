namespace EvidencePipe.Mime.Tests;

/// <summary>RFC 5322 §3.4 address lists, with the Appendix A examples and obsolete forms.</summary>
public sealed class AddressParserTests
{
    [Fact]
    public void Names_angle_addresses_and_quoted_commas_are_read()
    {
        var list = AddressParser.Parse("\"Joe Q. Public\" <john.q.public@example.com>, Mary Smith <mary@x.test>, jdoe@example.org, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>");
        Assert.Equal(
            [new MailboxAddress("Joe Q. Public", "john.q.public@example.com"), new MailboxAddress("Mary Smith", "mary@x.test"), new MailboxAddress(null, "jdoe@example.org"), new MailboxAddress("Giant; \"Big\" Box", "sysservices@example.net")],
            list);
    }

    [Fact]
    public void Group_members_are_kept_and_empty_groups_give_nothing()
    {
        // RFC 5322 A.1.3.
        var list = AddressParser.Parse("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Undisclosed recipients:;");
        Assert.Equal(["c@a.test", "joe@where.test", "jdoe@one.test"], list.Select(a => a.Address));
    }

    [Fact]
    public void Comments_name_an_address_without_a_display_name_and_routes_are_dropped()
    {
        // RFC 5322 A.5 and §4.4 obs-route.
        var list = AddressParser.Parse("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>, jdoe@example.org (John Doe), <@relay.test:joe@example.com>");
        Assert.Equal("Pete", list[0].Name);
        Assert.Equal(new MailboxAddress("John Doe", "jdoe@example.org"), list[1]);
        Assert.Equal("joe@example.com", list[2].Address);
    }

    [Fact]
    public void Encoded_display_names_are_decoded()
    {
        var list = AddressParser.Parse("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>");
        Assert.Equal(new MailboxAddress("Keld Jørn Simonsen", "keld@dkuug.dk"), Assert.Single(list));
    }
}
