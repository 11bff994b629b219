using System.Globalization;
using System.Text;
using System.Xml;
using EvidencePipe.Time;

namespace EvidencePipe.Synthesis;

/// <summary>
/// A deterministic case with no stalking in it (<c>synth --benign</c>), built from the ordinary
/// relationships that a scorer must not band as concerns: a reciprocated heavy texter who jokes
/// ("I could kill you for that spoiler 😂"), a parent who calls every day, friends and colleagues
/// (one of whom sends a single chance phrase — "watch your back, the boss is on the warpath" —
/// among thousands of ordinary messages), a night-shift friend who texts after midnight and is
/// answered, a new friendship whose contact rises both ways, and service senders (an alphanumeric
/// sender id, a bank's short code, a courier) who send one-way. Written as SMS Backup &amp; Restore
/// messages and calls XML in Europe/London local time.
/// </summary>
/// <remarks>
/// The case is generated twice from the same seed — once to count records (the XML roots declare
/// their counts), once to write — so memory does not grow with it. The same seed and size give
/// byte-identical files. The size is approximate: rates are scaled so the expected total is the
/// requested number of events.
/// </remarks>
public sealed class BenignCaseSynthesizer(ulong seed)
{
    public const string OwnerNumber = CaseSynthesizer.OwnerNumber;
    public static readonly DateOnly Start = new(2024, 1, 1);
    public const int Days = 182;

    private static readonly CaseTimeZone Zone = new("Europe/London");

    /// <summary>How a benign persona behaves.</summary>
    public enum Kind
    {
        /// <summary>Texts a lot, is answered almost every time, and jokes with violent figures of speech.</summary>
        HeavyTexter,

        /// <summary>Calls daily; most calls are answered, a missed one is returned.</summary>
        DailyCaller,

        /// <summary>Ordinary reciprocated contact.</summary>
        Friend,

        /// <summary>A friend who once writes a stock phrase that looks like a threat.</summary>
        ChancePhrase,

        /// <summary>Works nights: much of the contact is after midnight, and answered.</summary>
        NightShift,

        /// <summary>A new friend: contact starts half-way through and rises, both ways.</summary>
        RisingFriend,

        /// <summary>An organisation: one-way messages from a sender id, short code or courier.</summary>
        Service,
    }

    public sealed record Persona(string Name, string Address, Kind Kind, double PerDay);

    /// <summary>One generated record: an SMS (<see cref="CallType"/> 0) or a call (SMS Backup &amp; Restore type 1 in, 2 out, 3 missed).</summary>
    public readonly record struct Item(DateTime Local, long UtcMs, int Persona, bool Incoming, string Text, int CallType, int Duration)
    {
        public bool IsCall => CallType != 0;
    }

    public static IReadOnlyList<Persona> Personas { get; } =
    [
        new("Chris Evans", "+447700900401", Kind.HeavyTexter, 24),
        new("Mum", "+441632960401", Kind.DailyCaller, 1.6),
        new("Dana Price", "+447700900402", Kind.ChancePhrase, 8),
        new("Eli Grant", "+447700900403", Kind.Friend, 3),
        new("Fay Moss", "+447700900404", Kind.Friend, 1.5),
        new("Gus Hale", "+447700900405", Kind.Friend, 0.6),
        new("Hana Iqbal", "+447700900406", Kind.NightShift, 2.5),
        new("Ivo Lund", "+447700900407", Kind.RisingFriend, 4),
        new("AMAZON", "AMAZON", Kind.Service, 0.8),
        new("Bank alerts", "80010", Kind.Service, 1.2),
        new("DPD", "DPD", Kind.Service, 0.4),
    ];

    /// <summary>The expected number of records per unit of rate over the case.</summary>
    private static double BaseTotal => Personas.Sum(p => p.PerDay * Days * (p.Kind is Kind.Service ? 1 : p.Kind is Kind.DailyCaller ? 1.4 : 1.85));

    /// <summary>Every record, in time order, for a case of about <paramref name="events"/> events.</summary>
    public IEnumerable<Item> Generate(int events)
    {
        var random = new SplitMix64(seed);
        var scale = events / BaseTotal;
        var chanceDay = random.Next(20, Days - 20);
        var day = new List<Item>();
        for (var d = 0; d < Days; d++)
        {
            for (var p = 0; p < Personas.Count; p++)
            {
                GenerateDay(random, p, d, scale, chanceDay, day);
            }

            // Replies late in the evening fall on the next day: they wait for it, so the stream stays in time order.
            day.Sort(static (a, b) => a.UtcMs != b.UtcMs ? a.UtcMs.CompareTo(b.UtcMs) : a.Persona != b.Persona ? a.Persona.CompareTo(b.Persona) : a.Incoming.CompareTo(b.Incoming));
            var next = d == Days - 1 ? long.MaxValue : Zone.StartOfDay(Start.AddDays(d + 1)).ToUnixTimeMilliseconds();
            var done = 0;
            while (done < day.Count && day[done].UtcMs < next)
            {
                yield return day[done++];
            }

            day.RemoveRange(0, done);
        }
    }

    private static void GenerateDay(SplitMix64 random, int p, int d, double scale, int chanceDay, List<Item> day)
    {
        var persona = Personas[p];
        var rate = persona.PerDay * scale;
        if (persona.Kind == Kind.RisingFriend)
        {
            rate = d < Days / 2 ? 0 : rate * 2 * (d - (Days / 2)) / (Days / 2.0);
        }

        var n = Poisson(random, rate);
        for (var i = 0; i < n; i++)
        {
            var start = Start.ToDateTime(TimeOnly.MinValue).AddDays(d);
            var night = persona.Kind == Kind.NightShift && random.NextDouble() < 0.35;
            var local = start.Add(night
                ? new TimeSpan(random.Next(0, 3), random.Next(0, 60), random.Next(0, 60))
                : new TimeSpan(random.Next(8, 22), random.Next(0, 60), random.Next(0, 60)));
            switch (persona.Kind)
            {
                case Kind.Service:
                    day.Add(Make(local, p, incoming: true, random.Pick(ServiceTexts[persona.Name]), 0, 0));
                    break;
                case Kind.DailyCaller:
                    if (random.NextDouble() < 0.85)
                    {
                        day.Add(Make(local, p, incoming: true, string.Empty, 1, random.Next(60, 1500)));
                    }
                    else
                    {
                        day.Add(Make(local, p, incoming: true, string.Empty, 3, 0));
                        if (random.NextDouble() < 0.8)
                        {
                            day.Add(Make(local.AddMinutes(random.Next(5, 240)), p, incoming: false, string.Empty, 2, random.Next(60, 1200)));
                        }
                    }

                    if (random.NextDouble() < 0.4)
                    {
                        var mine = random.NextDouble() < 0.5;
                        day.Add(Make(local.AddMinutes(random.Next(1, 90)), p, !mine, random.Pick(mine ? OwnerTexts : ParentTexts), 0, 0));
                    }

                    break;
                default:
                    // A conversation turn: one side writes, the other answers most of the time.
                    var theyStart = random.NextDouble() < 0.5;
                    var text = persona.Kind == Kind.HeavyTexter && random.NextDouble() < 0.01
                        ? random.Pick(Banter)
                        : random.Pick(FriendTexts);
                    day.Add(Make(local, p, theyStart, theyStart ? text : random.Pick(OwnerTexts), 0, 0));
                    var answered = persona.Kind == Kind.HeavyTexter ? 0.95 : 0.85;
                    if (random.NextDouble() < answered)
                    {
                        day.Add(Make(local.AddMinutes(random.Next(1, 90)), p, !theyStart, theyStart ? random.Pick(OwnerTexts) : random.Pick(FriendTexts), 0, 0));
                    }

                    break;
            }
        }

        if (persona.Kind == Kind.ChancePhrase && d == chanceDay)
        {
            var local = Start.ToDateTime(TimeOnly.MinValue).AddDays(d).Add(new TimeSpan(9, 12, 0));
            day.Add(Make(local, p, incoming: true, "Watch your back today, the boss is on the warpath", 0, 0));
            day.Add(Make(local.AddMinutes(4), p, incoming: false, "Thanks for the heads up!", 0, 0));
        }
    }

    private static Item Make(DateTime local, int persona, bool incoming, string text, int callType, int duration)
    {
        if (Zone.IsSkipped(local))
        {
            local = local.AddHours(1); // a phone never records a wall-clock time inside the spring-forward gap
        }

        return new Item(local, Zone.FromLocal(local).UnixMilliseconds, persona, incoming, text, callType, duration);
    }

    /// <summary>Knuth's method for small rates; above 30 the normal approximation (Knuth's product underflows for large rates).</summary>
    private static int Poisson(SplitMix64 random, double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda > 30)
        {
            // Box–Muller: one standard normal from two uniforms.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return Math.Max(0, (int)Math.Round(lambda + (Math.Sqrt(lambda) * z)));
        }

        var l = Math.Exp(-lambda);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= random.NextDouble();
        }
        while (p > l);
        return k - 1;
    }

    /// <summary>Writes <c>sms-benign.xml</c> and <c>calls-benign.xml</c>; returns (messages, calls).</summary>
    public (int Messages, int Calls) Write(string directory, int events)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 10);
        Directory.CreateDirectory(directory);
        int messages = 0, calls = 0;
        foreach (var item in Generate(events))
        {
            _ = item.IsCall ? calls++ : messages++;
        }

        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using var sms = XmlWriter.Create(Path.Combine(directory, "sms-benign.xml"), settings);
        using var log = XmlWriter.Create(Path.Combine(directory, "calls-benign.xml"), settings);
        sms.WriteStartDocument(standalone: true);
        sms.WriteStartElement("smses");
        sms.WriteAttributeString("count", messages.ToString(CultureInfo.InvariantCulture));
        log.WriteStartDocument(standalone: true);
        log.WriteStartElement("calls");
        log.WriteAttributeString("count", calls.ToString(CultureInfo.InvariantCulture));
        foreach (var item in Generate(events))
        {
            var who = Personas[item.Persona];
            var ms = item.UtcMs.ToString(CultureInfo.InvariantCulture);
            var readable = item.Local.ToString("d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
            if (item.IsCall)
            {
                log.WriteStartElement("call");
                log.WriteAttributeString("number", who.Address);
                log.WriteAttributeString("duration", item.Duration.ToString(CultureInfo.InvariantCulture));
                log.WriteAttributeString("date", ms);
                log.WriteAttributeString("type", item.CallType.ToString(CultureInfo.InvariantCulture));
                log.WriteAttributeString("readable_date", readable);
                log.WriteAttributeString("contact_name", who.Name);
                log.WriteEndElement();
            }
            else
            {
                sms.WriteStartElement("sms");
                sms.WriteAttributeString("protocol", "0");
                sms.WriteAttributeString("address", who.Address);
                sms.WriteAttributeString("date", ms);
                sms.WriteAttributeString("type", item.Incoming ? "1" : "2");
                sms.WriteAttributeString("body", item.Text);
                sms.WriteAttributeString("read", "1");
                sms.WriteAttributeString("readable_date", readable);
                sms.WriteAttributeString("contact_name", who.Kind == Kind.Service ? "(Unknown)" : who.Name);
                sms.WriteEndElement();
            }
        }

        sms.WriteEndElement();
        sms.WriteEndDocument();
        log.WriteEndElement();
        log.WriteEndDocument();
        return (messages, calls);
    }

    internal static readonly string[] Banter =
    [
        "I could kill you for that spoiler 😂", "you're dead meat at five-a-side on Sunday lol", "I'll kill you if you eat my chips again 🤣",
        "Gonna kill you at Mario Kart tonight haha", "you'll pay for this 😂 rematch tomorrow",
    ];

    internal static readonly string[] FriendTexts =
    [
        "Are we still on for tonight?", "Running 10 minutes late", "Did you see the match?", "Ha, classic", "What time works for you?",
        "Can you send me that photo?", "Happy birthday!!", "Fancy a coffee this week?", "Thanks for yesterday", "On the train now",
        "That film was brilliant", "Any plans for the weekend?",
    ];

    internal static readonly string[] OwnerTexts =
    [
        "Yes see you at 7", "On my way", "No worries", "Sounds good", "Will do", "Thank you!", "Haha yes", "Sure, Saturday?",
        "Home now", "Great, see you then",
    ];

    internal static readonly string[] ParentTexts =
    [
        "Did you get home ok?", "Dad says hello", "Sunday lunch at 1?", "Ring me when you can love", "Don't forget Gran's birthday",
    ];

    internal static readonly Dictionary<string, string[]> ServiceTexts = new(StringComparer.Ordinal)
    {
        ["AMAZON"] = ["Your parcel has been dispatched", "Your order will arrive today", "Your verification code is 482913. Do not share it."],
        ["Bank alerts"] = ["A payment of £24.99 was made from your account", "Your statement is ready", "Balance alert: your balance is below £100"],
        ["DPD"] = ["Your DPD parcel will arrive between 10:15 and 11:15", "We tried to deliver your parcel today"],
    };
}
