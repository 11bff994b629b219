using EvidencePipe.Analysis.Persons;

namespace EvidencePipe.Analysis.Tests.Persons;

public sealed class PersonDirectoryTests
{
    private static readonly HashSet<string> NoOwners = [];

    [Fact]
    public void Identifiers_on_one_address_book_card_are_one_person()
    {
        var d = new PersonDirectory([], [new CardEvidence("Jordan Blake", ["tel:+447700900666", "email:jb@example.net"], "contacts.vcf @ vcard[1]")], [], NoOwners);
        var p = d.Of("email:jb@example.net");
        Assert.Equal(["email:jb@example.net", "tel:+447700900666"], p.Identifiers);
        Assert.Equal("Jordan Blake", p.Label);
        Assert.Contains(p.Links, l => !l.Inferred && l.Basis.Contains("address-book", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_display_name_in_different_sources_joins_identifiers()
    {
        var d = new PersonDirectory([new("tel:+447700900666", "Jordan Blake", "record"), new("email:jb@example.net", "jordan  blake", "record")], [], [], NoOwners);
        Assert.Equal(d.Of("tel:+447700900666").Id, d.Of("email:jb@example.net").Id);
    }

    [Fact]
    public void A_bare_first_name_joins_the_only_full_name_it_matches_and_is_marked_inferred()
    {
        var d = new PersonDirectory([new("tel:+447700900666", "Jordan Blake", "address-book"), new("name:Jordan", "Jordan", "record")], [], [], NoOwners);
        var p = d.Of("name:Jordan");
        Assert.Contains("tel:+447700900666", p.Identifiers);
        Assert.Contains(p.Links, l => l.Inferred);
    }

    [Fact]
    public void A_first_name_shared_by_two_people_joins_neither()
    {
        var d = new PersonDirectory([new("tel:+1", "Sam Taylor", "record"), new("tel:+2", "Sam Jones", "record"), new("name:Sam", "Sam", "record")], [], [], NoOwners);
        Assert.Equal(["name:Sam"], d.Of("name:Sam").Identifiers);
    }

    [Fact]
    public void An_alias_file_entry_names_and_joins_identifiers()
    {
        var d = new PersonDirectory([], [], [("Suspect A", "tel:+447700900666"), ("Suspect A", "handle:telegram:42")], NoOwners);
        var p = d.Of("handle:telegram:42");
        Assert.Equal("Suspect A", p.Label);
        Assert.Equal(["handle:telegram:42", "tel:+447700900666"], p.Identifiers);
    }

    [Fact]
    public void A_counter_party_sharing_the_owners_name_is_not_merged_into_the_owner()
    {
        var d = new PersonDirectory([new("name:Alex", "Alex", "record"), new("tel:+447700900999", "Alex", "record")], [], [], new HashSet<string> { "name:Alex" });
        Assert.True(d.IsOwner("name:Alex"));
        Assert.False(d.IsOwner("tel:+447700900999"));
    }
}
