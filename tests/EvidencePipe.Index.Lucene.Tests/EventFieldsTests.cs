using EvidencePipe.Store.Sqlite;
using EvidencePipe.Store.Sqlite.Tests;
using Lucene.Net.Index;

namespace EvidencePipe.Index.Lucene.Tests;

/// <summary>
/// The text the builder gives the <c>names</c> and <c>to</c> fields. Expected strings are written out by hand from
/// the field definitions (display names in the dictionary's key order, joined by one space; each recipient, a space
/// and its display name if it has one, then a space), not taken from the builder.
/// </summary>
public sealed class EventFieldsTests
{
    private static string? FieldText(IReadOnlyList<IIndexableField> fields, string name) =>
        fields.SingleOrDefault(f => f.Name == name)?.GetStringValue();

    private static StoredEvent Event(IReadOnlyDictionary<string, string> names, params string[] to)
    {
        var e = CaseBuilder.Message(1, "hello", from: "email:ann@example.org", to: null) with { Names = names, To = to };
        return new StoredEvent(1, e);
    }

    [Fact]
    public void Several_display_names_are_joined_by_one_space_in_key_order_an_empty_one_included()
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["email:cy@example.org"] = "Cy Dee",
            ["email:ann@example.org"] = string.Empty,
            ["email:bea@example.org"] = "Bea",
        };

        Assert.Equal(" Bea Cy Dee", FieldText(new EventFields.Builder().Fields(Event(names)), EventFields.Names));
    }

    [Fact]
    public void One_display_name_is_the_field_text_as_it_is_and_none_leaves_the_field_out()
    {
        var builder = new EventFields.Builder();
        var one = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["email:ann@example.org"] = "Ann Lee" };
        Assert.Equal("Ann Lee", FieldText(builder.Fields(Event(one)), EventFields.Names));
        Assert.Null(FieldText(builder.Fields(Event(new SortedDictionary<string, string>(StringComparer.Ordinal))), EventFields.Names));
    }

    [Fact]
    public void Names_in_a_dictionary_of_another_kind_are_joined_in_its_own_order()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["email:zed@example.org"] = "Zed", ["email:ann@example.org"] = "Ann" };
        Assert.Equal("Zed Ann", FieldText(new EventFields.Builder().Fields(Event(names)), EventFields.Names));
    }

    [Fact]
    public void Several_recipients_are_each_followed_by_their_display_name_if_any_and_a_space()
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["email:bea@example.org"] = "Bea",
            ["email:cy@example.org"] = string.Empty,
        };
        var builder = new EventFields.Builder();
        var stored = Event(names, "email:bea@example.org", "email:cy@example.org", "email:dan@example.org");

        Assert.Equal("email:bea@example.org Bea email:cy@example.org  email:dan@example.org ", FieldText(builder.Fields(stored), EventFields.To));
        // The builder's buffer is shared by the names and the recipients: the names text of the same event is whole.
        Assert.Equal("Bea ", FieldText(builder.Fields(stored), EventFields.Names));
    }
}
