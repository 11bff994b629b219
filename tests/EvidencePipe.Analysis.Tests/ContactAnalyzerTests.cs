using EvidencePipe.Analysis.Orders;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Model;

namespace EvidencePipe.Analysis.Tests;

/// <summary>
/// Each indicator at, just below and just above its threshold (README table, scoring-v3), with the
/// expected values worked out by hand in each test from the events it plants.
/// </summary>
public sealed class ContactAnalyzerTests
{
    private const string X = "tel:+447700900666";
    private const string Y = "tel:+447700900777";

    /// <summary>Ten daily messages at noon; the owner replies an hour later to the first <paramref name="answered"/>.</summary>
    private static (AnalysisEvents Events, List<string> Unanswered) TenMessages(int answered, int count = 10)
    {
        var e = new AnalysisEvents();
        var unanswered = new List<string>();
        for (var d = 0; d < count; d++)
        {
            var id = e.In(X, d);
            if (d < answered)
            {
                e.Out(X, d, 13);
            }
            else
            {
                unanswered.Add(id);
            }
        }

        return (e, unanswered);
    }

    [Fact]
    public void Unanswered_fires_at_exactly_seven_of_ten_contacts_without_a_reply()
    {
        var (e, unanswered) = TenMessages(answered: 3);
        var x = e.Analyze().Of(X);
        var indicator = Assert.IsType<Indicator>(x.Indicator("unanswered"));
        Assert.Equal(0.7, indicator.Value); // 7 / 10
        Assert.Equal(unanswered, indicator.Evidence);
        Assert.Contains("7 of 10 contacts (70 %)", indicator.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Unanswered_does_not_fire_at_six_of_ten()
    {
        var (e, _) = TenMessages(answered: 4);
        Assert.Null(e.Analyze().Of(X).Indicator("unanswered"));
    }

    [Fact]
    public void Unanswered_does_not_fire_below_ten_contacts_even_when_none_is_answered()
    {
        var (e, _) = TenMessages(answered: 0, count: 9);
        Assert.Null(e.Analyze().Of(X).Indicator("unanswered"));
    }

    [Fact]
    public void A_reply_exactly_24_hours_later_answers_and_one_a_millisecond_later_does_not()
    {
        var e = new AnalysisEvents();
        for (var d = 0; d < 10; d++)
        {
            e.In(X, d * 3);
            e.Out(X, (d * 3) + 1, 12, plusMs: d < 3 ? 0 : 1); // +24 h for three of them, +24 h + 1 ms for seven
        }

        Assert.Equal(0.7, e.Analyze().Of(X).Indicator("unanswered")!.Value);
    }

    [Fact]
    public void Course_of_conduct_needs_unwanted_contact_on_two_days()
    {
        // Unanswered (10 of 10) on one day: one occasion, no course of conduct.
        var one = new AnalysisEvents();
        for (var i = 0; i < 10; i++)
        {
            one.In(X, 0, 8 + i);
        }

        Assert.NotNull(one.Analyze().Of(X).Indicator("unanswered"));
        Assert.Null(one.Analyze().Of(X).Indicator("course_of_conduct"));

        // The same on two days: two occasions.
        var two = new AnalysisEvents();
        for (var i = 0; i < 10; i++)
        {
            two.In(X, i < 5 ? 0 : 1, 8 + i);
        }

        Assert.Equal(2, two.Analyze().Of(X).Indicator("course_of_conduct")!.Value);
    }

    [Fact]
    public void Reciprocated_contact_on_many_days_is_not_a_course_of_conduct_but_the_legal_panel_still_counts_occasions()
    {
        var (e, _) = TenMessages(answered: 10);
        var x = e.Analyze().Of(X);
        Assert.Null(x.Indicator("course_of_conduct"));
        Assert.Equal(10, x.Legal.Occasions);
        Assert.Equal(0, x.Score);
    }

    [Theory]
    [InlineData(0.0, false)] // exactly 14 days: not more than 14
    [InlineData(1.0, true)] // 14 days and a minute
    public void Persistence_fires_only_beyond_fourteen_days_of_unwanted_contact(double extraMinutes, bool fires)
    {
        var e = new AnalysisEvents();
        e.Out(X, 0, 10, "Please stop contacting me");
        e.In(X, 0, 12);
        e.In(X, 14, 12 + (extraMinutes / 60));
        var x = e.Analyze().Of(X);
        Assert.Equal(fires, x.Indicator("persistence") is not null);
        Assert.Equal(2, x.Indicator("contact_after_refusal")!.Value);
        if (fires)
        {
            Assert.Equal(14.0, x.Indicator("persistence")!.Value); // 14 days 1 minute, to one decimal
        }
    }

    [Theory]
    [InlineData(5, 25, true)] // 5 of 25 = 20 %: at the threshold
    [InlineData(4, 20, false)] // 20 %, but only 4
    [InlineData(5, 26, false)] // 19.2 %
    public void Night_time_needs_five_contacts_and_a_fifth_of_all_between_midnight_and_six(int night, int total, bool fires)
    {
        var e = new AnalysisEvents();
        for (var i = 0; i < total; i++)
        {
            e.In(X, i, i < night ? 2 : 14);
        }

        var indicator = e.Analyze().Of(X).Indicator("night_time");
        Assert.Equal(fires, indicator is not null);
        if (fires)
        {
            Assert.Equal(0.2, indicator!.Value);
            Assert.Equal(5, indicator.Evidence.Count);
        }
    }

    [Fact]
    public void Repertoire_fires_at_three_channels()
    {
        var e = new AnalysisEvents();
        e.In(X, 0, channel: "sms");
        e.In(X, 1, channel: "call");
        e.In(X, 2, channel: "whatsapp");
        Assert.Equal(3, e.Analyze().Of(X).Indicator("repertoire")!.Value);
    }

    [Theory]
    [InlineData(7.0, false)] // a second channel exactly a week after the first contact is not new
    [InlineData(7.5, true)] // half a day later it is
    public void Repertoire_fires_for_a_second_channel_only_after_the_first_week(double day, bool fires)
    {
        var e = new AnalysisEvents();
        e.In(X, 0, channel: "sms");
        e.In(X, day, channel: "whatsapp");
        var indicator = e.Analyze().Of(X).Indicator("repertoire");
        Assert.Equal(fires, indicator is not null);
        if (fires)
        {
            Assert.Contains("new channels: whatsapp from 2024-01-09", indicator!.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Threats_on_one_day_are_threats_and_on_two_days_also_threat_occasions()
    {
        var one = new AnalysisEvents();
        one.In(X, 3, text: "I will hurt you");
        one.In(X, 3, 15, text: "you'll regret this");
        var x1 = one.Analyze().Of(X);
        Assert.Equal(2, x1.Indicator("threats")!.Value); // two messages
        Assert.Null(x1.Indicator("threat_occasions"));
        Assert.False(x1.Legal.FearOfViolenceEvidence);

        var two = new AnalysisEvents();
        two.In(X, 3, text: "I will hurt you");
        var second = two.In(X, 4, text: "I\u2019ll hurt you");
        var x2 = two.Analyze().Of(X);
        Assert.Equal(2, x2.Indicator("threat_occasions")!.Value);
        Assert.True(x2.Legal.FearOfViolenceEvidence);
        Assert.Contains(second, x2.Indicator("threats")!.Evidence);
        Assert.Contains("\"I\u2019ll hurt you\"", x2.Indicator("threats")!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Contact_after_a_block_counts_the_blocked_call_and_everything_after_it()
    {
        var e = new AnalysisEvents();
        e.In(X, 0);
        var blocked = e.In(X, 1, channel: "call", text: null, status: CallStatus.Blocked);
        var after = e.In(X, 2);
        var indicator = e.Analyze().Of(X).Indicator("contact_after_block")!;
        Assert.Equal(2, indicator.Value);
        Assert.Equal([blocked, after], indicator.Evidence);
    }

    [Fact]
    public void An_order_counts_contact_from_local_midnight_of_its_first_day()
    {
        // Europe/London in summer: 2024-06-01 00:00 BST is 2024-05-31T23:00Z.
        var e = new AnalysisEvents();
        e.In(X, 151, 22.9); // 2024-05-31 22:54Z: before the order
        var inside = e.In(X, 151, 23.0); // 2024-05-31 23:00Z = 00:00 BST on 1 June
        var order = ProtectiveOrder.Parse("party=07700900666,from=2024-06-01,type=RO");
        var x = e.Analyze(orders: [order], zone: "Europe/London").Of(X);
        var breach = Assert.Single(x.Breaches);
        Assert.Equal(1, breach.Count);
        Assert.Equal([inside], breach.Evidence);
        Assert.Null(x.Indicator("order_breach_course"));
    }

    [Fact]
    public void Escalation_puts_the_onset_of_a_planted_step_on_its_day()
    {
        // One unanswered message a day for 60 days, then six a day for 30: the step is on day 60 (2024-03-01).
        var e = new AnalysisEvents();
        for (var d = 0; d < 90; d++)
        {
            for (var k = 0; k < (d < 60 ? 1 : 6); k++)
            {
                e.In(X, d, 9 + k);
            }
        }

        var x = e.Analyze().Of(X);
        Assert.NotNull(x.Indicator("escalation"));
        Assert.Equal(new DateOnly(2024, 3, 1), x.Onset);
    }

    [Fact]
    public void Escalation_puts_the_onset_of_a_planted_ramp_within_a_week_of_its_start()
    {
        // One a day for 60 days, then 1 + ⌊(d − 60) / 3⌋ a day: the ramp starts on day 60 (2024-03-01).
        var e = new AnalysisEvents();
        for (var d = 0; d < 100; d++)
        {
            var n = d < 60 ? 1 : 1 + ((d - 60) / 3);
            for (var k = 0; k < n; k++)
            {
                e.In(X, d, 6 + (k * 0.5));
            }
        }

        var x = e.Analyze().Of(X);
        Assert.NotNull(x.Indicator("escalation"));
        Assert.InRange(x.Onset!.Value, new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 8));
    }

    [Fact]
    public void A_rise_the_owner_matches_message_for_message_is_not_escalation()
    {
        var e = new AnalysisEvents();
        for (var d = 0; d < 90; d++)
        {
            for (var k = 0; k < (d < 60 ? 1 : 6); k++)
            {
                e.In(X, d, 9 + k);
                e.Out(X, d, 9.2 + k);
            }
        }

        var x = e.Analyze().Of(X);
        Assert.Null(x.Indicator("escalation"));
        Assert.Null(x.Onset);
    }

    [Fact]
    public void A_rate_ratio_of_ten_in_the_last_fortnight_is_reported_with_its_value()
    {
        // Days 0..27 (the 28 days before the last 14): 2 contacts; days 28..41: 10. Ratio (10/14)/(2/28) = 10.
        var e = new AnalysisEvents();
        e.In(X, 5);
        e.In(X, 20);
        for (var d = 28; d < 38; d++)
        {
            e.In(X, d);
        }

        e.In(X, 41, 0, text: null, channel: "call", status: CallStatus.Missed); // the case's last day (as-of 2024-02-11)
        var x = e.Analyze().Of(X);
        var escalation = x.Indicator("escalation")!;
        Assert.Contains("11 contacts in the 14 days to 2024-02-11 against 2 in the 28 days before: rate ratio 11.00", escalation.Detail, StringComparison.Ordinal);
        Assert.Equal(11.0, escalation.Value);
    }

    [Fact]
    public void Banter_between_people_who_talk_both_ways_is_listed_but_not_scored()
    {
        var e = new AnalysisEvents();
        for (var d = 0; d < 20; d++)
        {
            e.In(X, d, text: d == 7 ? "I could kill you for that spoiler \U0001F602" : "hey");
            e.Out(X, d, 13);
        }

        var x = e.Analyze().Of(X);
        Assert.Null(x.Indicator("threats"));
        var banter = x.Indicator("threat_banter")!;
        Assert.Equal(0, banter.Weight);
        Assert.Contains("kill you", banter.Detail, StringComparison.Ordinal);
        Assert.Equal(0, x.Score);
    }

    [Fact]
    public void The_same_joke_from_someone_the_owner_never_answers_is_a_threat()
    {
        var e = new AnalysisEvents();
        for (var d = 0; d < 20; d++)
        {
            e.In(X, d, text: d == 7 ? "I could kill you for that spoiler \U0001F602" : "hey");
        }

        var x = e.Analyze().Of(X);
        Assert.NotNull(x.Indicator("threats"));
        Assert.Null(x.Indicator("threat_banter"));
    }

    [Fact]
    public void One_chance_phrase_in_a_long_two_way_conversation_is_an_isolated_threat_and_a_second_day_restores_full_weight()
    {
        AnalysisEvents Conversation(params int[] threatDays)
        {
            var e = new AnalysisEvents();
            for (var d = 0; d < 60; d++)
            {
                e.In(X, d, text: threatDays.Contains(d) ? "Watch your back today, the boss is on the warpath" : "morning!");
                e.Out(X, d, 12.5);
            }

            return e; // 120 contacts
        }

        var once = Conversation(30).Analyze().Of(X);
        Assert.Equal(10, once.Indicator("isolated_threat")!.Weight);
        Assert.Null(once.Indicator("threats"));
        Assert.Equal(10, once.Score);

        var twice = Conversation(30, 31).Analyze().Of(X);
        Assert.Null(twice.Indicator("isolated_threat"));
        Assert.Equal(25 + 10, twice.Score); // threats + threat_occasions
    }

    [Fact]
    public void A_service_sender_is_listed_but_its_one_way_volume_is_not_conduct()
    {
        var e = new AnalysisEvents();
        for (var d = 0; d < 40; d++)
        {
            e.In("tel:AMAZON", d, 3, "Your parcel has been dispatched");
            e.In("tel:80010", d, 4, "Balance alert");
        }

        var result = e.Analyze();
        foreach (var id in new[] { "tel:AMAZON", "tel:80010" })
        {
            var s = result.Of(id);
            Assert.True(s.Service);
            Assert.Empty(s.Indicators);
            Assert.Equal("standard", s.Band);
        }
    }

    [Fact]
    public void A_parent_whose_daily_calls_are_answered_is_not_unanswered()
    {
        var e = new AnalysisEvents();
        for (var d = 0; d < 30; d++)
        {
            e.In(X, d, 18, text: null, channel: "call", status: CallStatus.Answered, duration: 600);
        }

        var x = e.Analyze().Of(X);
        Assert.Null(x.Indicator("unanswered"));
        Assert.Empty(x.Indicators);
    }

    [Fact]
    public void Two_identity_switches_each_land_on_the_person_they_name()
    {
        var persons = new PersonDirectory(
            [new(X, "Jordan Blake", "address-book"), new("tel:+447700900222", "Sam Taylor", "address-book")], [], [], new HashSet<string> { AnalysisEvents.Owner });
        var e = new AnalysisEvents();
        e.In(X, 0);
        e.Out(X, 10, text: "Leave me alone");
        e.In("tel:+447700900222", 1);
        e.In("tel:+447700900222", 12, text: null, channel: "call", status: CallStatus.Blocked);
        var claimsSam = e.In(Y, 13, text: "It\u2019s Sam, new phone");
        var claimsJordan = e.In("tel:+447700900888", 14, text: "its jordan. answer me");

        var result = e.Analyze(persons);
        var jordan = result.Of(X);
        var sam = result.Of("tel:+447700900222");
        Assert.Contains("tel:+447700900888", jordan.Person.Identifiers);
        Assert.DoesNotContain(Y, jordan.Person.Identifiers);
        Assert.Contains(Y, sam.Person.Identifiers);
        Assert.Contains(claimsJordan, jordan.Indicator("identity_switch")!.Evidence);
        Assert.Contains(claimsSam, sam.Indicator("identity_switch")!.Evidence);
        Assert.Contains(jordan.Person.Links, l => l.Kind == LinkKinds.IdentitySwitch && l.Inferred);

        // Jordan's contact after the refusal now includes the new number's message.
        Assert.Equal(1, jordan.Indicator("contact_after_refusal")!.Value);
    }

    [Fact]
    public void A_counter_party_whose_first_name_is_the_owners_keeps_their_incoming_contact()
    {
        var owners = new HashSet<string> { AnalysisEvents.Owner, "name:Alex" };
        var persons = new PersonDirectory([new("name:Alex", "Alex", "record"), new("tel:+447700900555", "Alex Smith", "address-book")], [], [], owners);
        var e = new AnalysisEvents();
        e.In("tel:+447700900555", 0);
        e.In("tel:+447700900555", 1);
        e.In("tel:+447700900555", 2);
        var alex = e.Analyze(persons).Of("tel:+447700900555");
        Assert.Equal(3, alex.Incoming);
        Assert.False(alex.Person.IsOwner);
    }

    [Fact]
    public void Events_out_of_time_order_are_refused()
    {
        var analyzer = new ContactAnalyzer(new Time.CaseTimeZone("Etc/UTC"), Reading.CaseSettings.Default.Region, []);
        AnalysisEvent At(string id, double day) => new(id, AnalysisEvents.Ms(day), Direction.Incoming, "sms", X, [], "x", CallStatus.None, null);
        Assert.Throws<ArgumentException>(() => analyzer.Analyze([At("a", 2), At("b", 1)], new PersonDirectory([], [], [], new HashSet<string>()), "--owner"));
    }
}
