using System.Globalization;
using System.Text;
using System.Xml;
using EvidencePipe.Time;

namespace EvidencePipe.Synthesis;

/// <summary>
/// Writes a realistic, deterministic case in the real export formats — SMS Backup &amp; Restore
/// messages and calls XML, WhatsApp Android chat text exports and a vCard address book — with a
/// planted stalking pattern (unreciprocated, rising, at night, threatening, continuing after a
/// refusal and a block) among ordinary reciprocated contacts. Used for the demo, tests and benchmarks.
/// </summary>
public sealed class CaseSynthesizer
{
    public const string OwnerNumber = "+447700900123";
    public const string OwnerName = "Alex";
    public static readonly DateOnly Start = new(2024, 1, 1);
    public const int Days = 121; // to 30 April 2024: spans the BST change on 31 March

    private readonly SplitMix64 _random;
    private readonly CaseTimeZone _zone = new("Europe/London");

    public CaseSynthesizer(ulong seed) => _random = new SplitMix64(seed);

    /// <summary>The people in the generated case.</summary>
    public static IReadOnlyList<Persona> Personas { get; } =
    [
        new("Jordan Blake", "Jordan", "+447700900666", "07700 900666", Stalker: true, Weight: 0.45),
        new("Sam Taylor", "Sam", "+447700900222", "07700900222", Stalker: false, Weight: 0.30),
        new("Mum", "Mum", "+441632960111", "01632 960111", Stalker: false, Weight: 0.15),
        new("Priya Shah", "Priya", "+447700900333", "+44 (0)7700-900333", Stalker: false, Weight: 0.10),
    ];

    public sealed record Persona(string FullName, string ShortName, string E164, string AsStored, bool Stalker, double Weight);

    public sealed record SynthResult(int Messages, int Calls, int ChatMessages, IReadOnlyList<string> Files)
    {
        public int Events => Messages + Calls + ChatMessages;
    }

    private sealed record Item(DateTime Local, Persona Who, bool Incoming, string Channel, string Text, int CallType, int Duration);

    public SynthResult Write(string directory, int events)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 10);
        Directory.CreateDirectory(directory);
        var items = new List<Item>(events);
        foreach (var p in Personas)
        {
            var n = (int)Math.Round(events * p.Weight);
            for (var i = 0; i < n && items.Count < events; i++)
            {
                items.Add(Generate(p));
            }
        }

        while (items.Count < events)
        {
            items.Add(Generate(Personas[1]));
        }

        items.Sort((a, b) => a.Local.CompareTo(b.Local));
        var files = new List<string>();
        var sms = items.Where(i => i.Channel == "sms").ToList();
        var calls = items.Where(i => i.Channel == "call").ToList();
        WriteSmsXml(Path.Combine(directory, "sms-20240430.xml"), sms);
        files.Add("sms-20240430.xml");
        WriteCallsXml(Path.Combine(directory, "calls-20240430.xml"), calls);
        files.Add("calls-20240430.xml");
        var chats = 0;
        foreach (var p in Personas.Where(p => p.Weight >= 0.3))
        {
            var chat = items.Where(i => i.Channel == "whatsapp" && i.Who == p).ToList();
            var name = $"WhatsApp Chat with {p.ShortName}.txt";
            WriteWhatsApp(Path.Combine(directory, name), chat);
            files.Add(name);
            chats += chat.Count;
        }

        WriteVCards(Path.Combine(directory, "contacts.vcf"));
        files.Add("contacts.vcf");
        return new SynthResult(sms.Count, calls.Count, chats, files);
    }

    private Item Generate(Persona p)
    {
        var day = SampleDay(p);
        var local = Start.ToDateTime(TimeOnly.MinValue).AddDays(day).Add(SampleTimeOfDay(p));
        if (_zone.Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // a phone never records a wall-clock time inside the spring-forward gap
        }

        var channelRoll = _random.NextDouble();
        var channel = p.Weight >= 0.3
            ? channelRoll < 0.45 ? "whatsapp" : channelRoll < 0.8 ? "sms" : "call"
            : channelRoll < 0.7 ? "sms" : "call";
        var incoming = p.Stalker ? _random.NextDouble() < 0.93 - (day > 60 ? 0.05 : 0) : _random.NextDouble() < 0.5;
        if (channel == "call")
        {
            var type = incoming
                ? p.Stalker ? _random.Pick([1, 3, 3, 5, 6]) : _random.Pick([1, 1, 1, 3])
                : 2;
            var duration = type is 1 or 2 ? _random.Next(20, 900) : 0;
            return new Item(local, p, incoming, channel, string.Empty, type, duration);
        }

        var text = p.Stalker ? StalkerText(day, incoming) : _random.Pick(incoming ? OrdinaryIncoming : OrdinaryOutgoing);
        return new Item(local, p, incoming, channel, text, 0, 0);
    }

    /// <summary>The stalker's daily contact rate rises steeply from early March (onset), the others' is flat.</summary>
    private int SampleDay(Persona p)
    {
        if (!p.Stalker)
        {
            return _random.Next(0, Days);
        }

        // Inverse-CDF sampling of a weight that is flat (1) to day 60 and then rises linearly to 12.
        var weights = Enumerable.Range(0, Days).Select(d => d < 60 ? 1.0 : 1.0 + 11.0 * (d - 60) / (Days - 60)).ToArray();
        var total = weights.Sum();
        var x = _random.NextDouble() * total;
        for (var d = 0; d < Days; d++)
        {
            x -= weights[d];
            if (x < 0)
            {
                return d;
            }
        }

        return Days - 1;
    }

    private TimeSpan SampleTimeOfDay(Persona p)
    {
        var hour = p.Stalker && _random.NextDouble() < 0.4 ? _random.Pick([22, 23, 0, 1, 2, 3, 4]) : _random.Next(8, 22);
        return new TimeSpan(hour, _random.Next(0, 60), _random.Next(0, 60));
    }

    private string StalkerText(int day, bool incoming)
    {
        if (!incoming)
        {
            return _random.Pick(day < 40 ? ["ok", "I'm busy, talk later", "Fine."] : Refusals);
        }

        var phase = day < 40 ? StalkerEarly : day < 75 ? StalkerMiddle : StalkerLate;
        return _random.Pick(phase);
    }

    private static readonly string[] OrdinaryIncoming =
    [
        "Are we still on for dinner tonight?", "Running 10 minutes late", "Did you see the match?", "Love you x",
        "Can you pick up milk on the way home?", "Happy birthday!!", "Call me when you're free", "The parcel arrived",
        "What time is the film?", "Thanks for today, it was lovely",
    ];

    private static readonly string[] OrdinaryOutgoing =
    [
        "Yes see you at 7", "On my way", "No worries", "Love you too", "Will do", "Thank you!", "Sounds good",
        "I'll call you later", "Home now", "Great, see you then",
    ];

    private static readonly string[] Refusals =
    [
        "Please stop contacting me", "Leave me alone", "I have blocked you. Do not contact me again", "Stop messaging me",
    ];

    private static readonly string[] StalkerEarly =
    [
        "Can we talk?", "I miss you", "Why won't you answer?", "Just want to know you're ok", "Please reply",
        "I still love you", "One coffee, that's all I'm asking",
    ];

    private static readonly string[] StalkerMiddle =
    [
        "Why are you ignoring me", "I saw you at the gym today", "Who was that man you were with?", "Answer your phone",
        "I know you read these", "You can't just cut me out", "I drove past your work",
    ];

    private static readonly string[] StalkerLate =
    [
        "I'm outside your house", "You'll regret this", "If I can't have you nobody will", "I know where you live",
        "I will hurt you", "Saw you at Tesco with him", "I'm watching you", "Answer or I'm coming round",
        "Don't make me do something stupid", "You'll be sorry",
    ];

    private void WriteSmsXml(string path, List<Item> items)
    {
        using var w = XmlWriter.Create(path, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " });
        w.WriteStartDocument(standalone: true);
        w.WriteStartElement("smses");
        w.WriteAttributeString("count", items.Count.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("backup_set", "5c1d6c8e-0000-4000-8000-000000000001");
        w.WriteAttributeString("backup_date", "1714518000000");
        w.WriteAttributeString("type", "full");
        foreach (var i in items)
        {
            var ms = _zone.FromLocal(i.Local).UnixMilliseconds;
            w.WriteStartElement("sms");
            w.WriteAttributeString("protocol", "0");
            w.WriteAttributeString("address", i.Who.AsStored);
            w.WriteAttributeString("date", ms.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("type", i.Incoming ? "1" : "2");
            w.WriteAttributeString("subject", "null");
            w.WriteAttributeString("body", i.Text);
            w.WriteAttributeString("toa", "null");
            w.WriteAttributeString("sc_toa", "null");
            w.WriteAttributeString("service_center", "null");
            w.WriteAttributeString("read", "1");
            w.WriteAttributeString("status", "-1");
            w.WriteAttributeString("locked", "0");
            w.WriteAttributeString("date_sent", i.Incoming ? (ms - 1000).ToString(CultureInfo.InvariantCulture) : "0");
            w.WriteAttributeString("sub_id", "1");
            w.WriteAttributeString("readable_date", i.Local.ToString("d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteAttributeString("contact_name", i.Who.FullName);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private void WriteCallsXml(string path, List<Item> items)
    {
        using var w = XmlWriter.Create(path, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " });
        w.WriteStartDocument(standalone: true);
        w.WriteStartElement("calls");
        w.WriteAttributeString("count", items.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var i in items)
        {
            w.WriteStartElement("call");
            w.WriteAttributeString("number", i.Who.AsStored);
            w.WriteAttributeString("duration", i.Duration.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("date", _zone.FromLocal(i.Local).UnixMilliseconds.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("type", i.CallType.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("presentation", "1");
            w.WriteAttributeString("subscription_id", "1");
            w.WriteAttributeString("readable_date", i.Local.ToString("d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteAttributeString("contact_name", i.Who.FullName);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    /// <summary>Android layout, UK locale: <c>dd/MM/yyyy, HH:mm - Name: text</c> in local time.</summary>
    private static void WriteWhatsApp(string path, List<Item> items)
    {
        using var w = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        var first = items.Count > 0 ? items[0].Local : Start.ToDateTime(TimeOnly.MinValue);
        w.WriteLine($"{Stamp(first)} - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.");
        foreach (var i in items)
        {
            var who = i.Incoming ? i.Who.ShortName : OwnerName;
            w.WriteLine($"{Stamp(i.Local)} - {who}: {i.Text}");
        }
    }

    private static string Stamp(DateTime local) => local.ToString("dd/MM/yyyy, HH:mm", CultureInfo.InvariantCulture);

    private static void WriteVCards(string path)
    {
        using var w = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\r\n" };
        foreach (var p in Personas)
        {
            var parts = p.FullName.Split(' ', 2);
            w.WriteLine("BEGIN:VCARD");
            w.WriteLine("VERSION:3.0");
            w.WriteLine($"FN:{p.FullName}");
            w.WriteLine(parts.Length == 2 ? $"N:{parts[1]};{parts[0]};;;" : $"N:;{parts[0]};;;");
            w.WriteLine($"TEL;TYPE=CELL:{p.AsStored}");
            w.WriteLine("END:VCARD");
        }
    }
}
