using EvidencePipe.Analysis.Persons;
using EvidencePipe.Model;

namespace EvidencePipe.Analysis.Tests.Persons;

public sealed class OwnerInferenceTests
{
    private static SenderObservation Sms(string from, Direction direction) => new(from, direction, null, Channels.Sms);

    private static SenderObservation Chat(string from, string thread) => new(from, Direction.Unknown, thread, Channels.WhatsApp);

    [Fact]
    public void The_sender_of_most_outgoing_records_is_the_owner_and_the_basis_says_how_many()
    {
        var (owners, basis) = OwnerInference.Infer([
            Sms("tel:+447700900123", Direction.Outgoing), Sms("tel:+447700900123", Direction.Outgoing), Sms("tel:+447700900999", Direction.Outgoing),
            Sms("tel:+447700900666", Direction.Incoming), Sms("tel:+447700900666", Direction.Incoming), Sms("tel:+447700900666", Direction.Incoming)]);
        Assert.Equal(["tel:+447700900123"], owners);
        Assert.Equal("inferred: tel:+447700900123 sent 2 outgoing records", basis);
    }

    [Fact]
    public void A_tie_in_outgoing_records_goes_to_the_first_identifier_in_ordinal_order()
    {
        var (owners, _) = OwnerInference.Infer([Sms("tel:+2", Direction.Outgoing), Sms("tel:+1", Direction.Outgoing)]);
        Assert.Equal(["tel:+1"], owners);
    }

    [Fact]
    public void The_only_sender_in_every_chat_export_is_the_owner()
    {
        var (owners, basis) = OwnerInference.Infer([
            Chat("name:Alex", "chat-a"), Chat("name:Jordan", "chat-a"), Chat("name:Alex", "chat-b"), Chat("name:Sam", "chat-b"), Chat("name:Alex", "chat-c")]);
        Assert.Equal(["name:Alex"], owners);
        Assert.Contains("only sender in all 3 chat exports", basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_senders_in_every_chat_leave_the_owner_undecided()
    {
        var (owners, basis) = OwnerInference.Infer([
            Chat("name:Alex", "chat-a"), Chat("name:Jordan", "chat-a"), Chat("name:Alex", "chat-b"), Chat("name:Jordan", "chat-b")]);
        Assert.Empty(owners);
        Assert.Equal("owner unknown: pass --owner", basis);
    }

    [Fact]
    public void A_single_chat_export_says_nothing_about_the_owner()
    {
        var (owners, _) = OwnerInference.Infer([Chat("name:Alex", "chat-a"), Chat("name:Jordan", "chat-a")]);
        Assert.Empty(owners);
    }
}
