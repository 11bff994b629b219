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
        Assert.Contains(p.Links, l => l.Inferred && l.Kind == LinkKinds.FirstName);
    }

    [Fact]
    public void A_same_display_name_link_is_marked_inferred_because_names_are_not_unique()
    {
        var d = new PersonDirectory([new("tel:+441632960111", "Mum", "record"), new("tel:+441632960999", "Mum", "record")], [], [], NoOwners);
        var link = Assert.Single(d.Of("tel:+441632960111").Links);
        Assert.True(link.Inferred);
        Assert.Equal(LinkKinds.DisplayName, link.Kind);
    }

    [Fact]
    public void An_inferred_first_name_link_never_merges_a_counter_party_into_the_owner()
    {
        // The owner is "name:Alex"; a counter-party's card says "Alex Smith": the first-name rule would join them.
        var owners = new HashSet<string> { "name:Alex", "tel:+447700900123" };
        var d = new PersonDirectory([new("name:Alex", "Alex", "record"), new("tel:+447700900555", "Alex Smith", "address-book")], [], [], owners);
        Assert.True(d.IsOwner("name:Alex"));
        Assert.False(d.IsOwner("tel:+447700900555"));
        Assert.Equal(["tel:+447700900555"], d.Of("tel:+447700900555").Identifiers);
        Assert.Contains(d.Refused, l => l.Kind == LinkKinds.FirstName);
    }

    [Fact]
    public void An_address_book_card_holding_the_owners_number_does_not_make_another_number_the_owners()
    {
        var owners = new HashSet<string> { "tel:+447700900123" };
        var d = new PersonDirectory([], [new CardEvidence("Home", ["tel:+447700900123", "tel:+441632960111"], "contacts.vcf @ vcard[3]")], [], owners);
        Assert.False(d.IsOwner("tel:+441632960111"));
        Assert.Contains(d.Refused, l => l.Kind == LinkKinds.AddressBook);
        Assert.Equal(["tel:+441632960111"], d.Of("tel:+441632960111").Identifiers);
    }

    [Fact]
    public void An_identity_switch_link_never_merges_a_counter_party_into_the_owner()
    {
        var owners = new HashSet<string> { "tel:+447700900123" };
        var d = new PersonDirectory([], [], [], owners)
            .With([new PersonLink("tel:+447700900777", "tel:+447700900123", LinkKinds.IdentitySwitch, "test", Inferred: true)]);
        Assert.False(d.IsOwner("tel:+447700900777"));
    }

    [Fact]
    public void A_person_id_is_the_sha256_of_its_anchor_identifier_whatever_order_the_evidence_came_in()
    {
        // Expected ids from Python: 'P-' + hashlib.sha256(b'tel:+447700900666').hexdigest()[:10].
        NameEvidence[] names = [new("name:Jordan", "Jordan", "record"), new("tel:+447700900666", "Jordan Blake", "address-book"), new("email:jb@example.net", "Jordan Blake", "record"), new("name:Sam", "Sam", "record")];
        var forward = new PersonDirectory(names, [], [], NoOwners);
        var backward = new PersonDirectory(names.Reverse(), [], [], NoOwners);
        Assert.Equal("P-684905bcb7", forward.Of("name:Jordan").Id);
        Assert.Equal("P-684905bcb7", backward.Of("email:jb@example.net").Id);
        Assert.Equal("P-bfbe4d869d", forward.Of("name:Sam").Id);
        Assert.Equal("P-bfbe4d869d", backward.Of("name:Sam").Id);
    }

    [Fact]
    public void A_person_id_does_not_depend_on_which_other_people_are_in_the_case()
    {
        var alone = new PersonDirectory([new("tel:+447700900222", "Sam Taylor", "record")], [], [], NoOwners);
        var crowded = new PersonDirectory([new("tel:+447700900111", "Aaron A", "record"), new("tel:+447700900222", "Sam Taylor", "record"), new("tel:+447700900000", "Zed", "record")], [], [], NoOwners);
        Assert.Equal("P-38e003ec2f", alone.Of("tel:+447700900222").Id);
        Assert.Equal(alone.Of("tel:+447700900222").Id, crowded.Of("tel:+447700900222").Id);
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
