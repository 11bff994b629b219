using EvidencePipe.Time;

namespace EvidencePipe.Synthesis;

/// <summary>
/// Writes a realistic, deterministic case in the real export formats — SMS Backup &amp; Restore
/// messages and calls XML, WhatsApp Android chat text exports, an mboxrd mailbox and a vCard address
/// book — with a planted stalking pattern (unreciprocated, rising, at night, threatening, continuing
/// after a refusal and a block) among ordinary reciprocated contacts. Used for the demo, tests and
/// benchmarks.
/// </summary>
/// <remarks>
/// Streams, so memory does not grow with the case: a first pass decides only how many events each
/// person has on each day in each channel (a few thousand counters, which also gives the exact
/// per-file counts the XML roots declare up front); the second pass generates one day at a time,
/// sorts it and appends it to every file. The same seed, event count and formats give
/// byte-identical files.
/// </remarks>
public sealed class CaseSynthesizer
{
    public const string OwnerNumber = "+447700900123";
    public const string OwnerName = "Alex";

    /// <summary>The owner's mailbox; RFC 2606 reserves example.org (and .com, .net) for uses like this.</summary>
    public const string OwnerEmail = "alex@example.org";
    public const string OwnerEmailName = "Alex Morgan";

    public const string MailboxFile = "mail-20240430.mbox";
    public static readonly DateOnly Start = new(2024, 1, 1);
    public const int Days = 121; // to 30 April 2024: spans the BST change on 31 March

    /// <summary>The stalker's rise starts on this day of the case (1 March 2024).</summary>
    public const int OnsetDay = 60;

    private readonly SplitMix64 _random;
    private readonly CaseTimeZone _zone = new("Europe/London");

    public CaseSynthesizer(ulong seed) => _random = new SplitMix64(seed);

    /// <summary>
    /// Write the case as it would be found on the stalker's seized phone rather than the victim's: the
    /// same conduct, but the owner is the stalker (Jordan, <c>+447700900666</c>) and the victim (Alex)
    /// a counter-party — SMS and call types flipped and addressed to Alex, the chat with the stalker
    /// named after Alex, the owner's side of every other chat written by Jordan, Alex's card in the
    /// address book instead of Jordan's. E-mail is not written for a suspect's device.
    /// </summary>
    public bool SuspectDevice { get; init; }

    /// <summary>
    /// The people in the generated case, with each one's share of the events and how that share
    /// splits over WhatsApp, SMS, calls and email. Email addresses are in the RFC 2606 example domains.
    /// </summary>
    public static IReadOnlyList<Persona> Personas { get; } =
    [
        new("Jordan Blake", "Jordan", "+447700900666", "07700 900666", Stalker: true, Weight: 0.45,
            "jordan.blake@example.com", "Jordan Blake", new ChannelMix(WhatsApp: 0.40, Sms: 0.32, Calls: 0.18, Email: 0.10)),
        new("Sam Taylor", "Sam", "+447700900222", "07700900222", Stalker: false, Weight: 0.30,
            "sam.taylor@example.net", "Sam Taylor", new ChannelMix(WhatsApp: 0.43, Sms: 0.34, Calls: 0.18, Email: 0.05)),
        new("Mum", "Mum", "+441632960111", "01632 960111", Stalker: false, Weight: 0.15,
            "linda.morgan@example.net", "Linda Morgan", new ChannelMix(WhatsApp: 0, Sms: 0.60, Calls: 0.28, Email: 0.12)),
        new("Priya Shah", "Priya", "+447700900333", "+44 (0)7700-900333", Stalker: false, Weight: 0.10,
            "priya.shah@example.com", "Priya Shah", new ChannelMix(WhatsApp: 0, Sms: 0.50, Calls: 0.25, Email: 0.25)),
    ];

    /// <summary>How a persona's events split over the channels (need not sum to 1; only ratios matter).</summary>
    public readonly record struct ChannelMix(double WhatsApp, double Sms, double Calls, double Email)
    {
        public double this[SynthChannel channel] => channel switch
        {
            SynthChannel.WhatsApp => WhatsApp,
            SynthChannel.Sms => Sms,
            SynthChannel.Call => Calls,
            _ => Email,
        };
    }

    public sealed record Persona(string FullName, string ShortName, string E164, string AsStored, bool Stalker, double Weight, string Email, string EmailName, ChannelMix Mix);

    public sealed record SynthResult(int Messages, int Calls, int ChatMessages, int Emails, IReadOnlyList<string> Files)
    {
        public int Events => Messages + Calls + ChatMessages + Emails;
    }

    /// <summary>The channel of a generated event, and the file it goes to.</summary>
    public enum SynthChannel
    {
        WhatsApp = 0,
        Sms = 1,
        Call = 2,
        Email = 3,
    }

    private const int ChannelCount = 4;

    private static SynthFormats FormatOf(SynthChannel channel) => channel switch
    {
        SynthChannel.WhatsApp => SynthFormats.WhatsApp,
        SynthChannel.Sms => SynthFormats.Sms,
        SynthChannel.Call => SynthFormats.Calls,
        _ => SynthFormats.Mbox,
    };

    /// <summary>Every format, as <c>synth</c> writes by default.</summary>
    public SynthResult Write(string directory, int events) => Write(directory, events, SynthFormats.All);

    /// <summary>
    /// Writes <paramref name="events"/> events, all of them in the selected event formats (the
    /// people and channels that have no file are left out), and the address book if selected.
    /// </summary>
    public SynthResult Write(string directory, int events, SynthFormats formats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 10);
        if ((formats & SynthFormats.Events) == SynthFormats.None)
        {
            throw new ArgumentException("at least one event format (sms, calls, whatsapp, mbox) must be selected", nameof(formats));
        }

        if (SuspectDevice && (formats & SynthFormats.Mbox) != 0)
        {
            throw new ArgumentException("a suspect's device is written without the mailbox: choose from sms, calls, whatsapp, vcard", nameof(formats));
        }

        Directory.CreateDirectory(directory);
        var plan = Plan(events, formats);
        var totals = new int[ChannelCount];
        foreach (var (_, _, channel, count) in Cells(plan))
        {
            totals[(int)channel] += count;
        }

        var files = new List<string>();
        using (var sink = new CaseFileSink(directory, formats, totals, _zone, files, SuspectDevice))
        {
            var composer = new MailComposer(_random, _zone.ToLocal);
            var day = new List<SynthItem>();
            for (var d = 0; d < Days; d++)
            {
                day.Clear();
                for (var p = 0; p < Personas.Count; p++)
                {
                    for (var c = 0; c < ChannelCount; c++)
                    {
                        for (var k = plan[p, d, c]; k > 0; k--)
                        {
                            day.Add(Generate(p, d, (SynthChannel)c, day.Count));
                        }
                    }
                }

                // Within a day, by time; the generation sequence breaks ties so the order never depends on the sort algorithm.
                day.Sort(static (a, b) => a.Local != b.Local ? a.Local.CompareTo(b.Local) : a.Sequence.CompareTo(b.Sequence));
                foreach (var item in day)
                {
                    if (item.Channel == SynthChannel.Email)
                    {
                        var sent = _zone.FromLocal(item.Local).Local;
                        var mail = composer.Compose(Personas[item.Who], item.Incoming, d, sent);
                        sink.Mbox!.Write(mail.EnvelopeSender, mail.Received, mail.Message);
                    }
                    else
                    {
                        sink.Add(item);
                    }
                }
            }
        }

        if ((formats & SynthFormats.VCard) != 0)
        {
            CaseFileSink.WriteVCards(Path.Combine(directory, "contacts.vcf"), SuspectDevice);
            files.Add("contacts.vcf");
        }

        return new SynthResult(totals[(int)SynthChannel.Sms], totals[(int)SynthChannel.Call], totals[(int)SynthChannel.WhatsApp], totals[(int)SynthChannel.Email], files);
    }

    /// <summary>
    /// How many events each persona has on each day in each channel. Personas' shares are
    /// renormalised over those who use a selected channel, and each event's channel is drawn from
    /// the persona's mix restricted to the selected formats, so the total is exactly <paramref name="events"/>.
    /// </summary>
    private int[,,] Plan(int events, SynthFormats formats)
    {
        var mixes = Personas.Select(p => Enumerable.Range(0, ChannelCount)
            .Select(c => (formats & FormatOf((SynthChannel)c)) != 0 ? p.Mix[(SynthChannel)c] : 0.0).ToArray()).ToArray();
        var eligible = Enumerable.Range(0, Personas.Count).Where(p => mixes[p].Sum() > 0).ToList();
        var weightSum = eligible.Sum(p => Personas[p].Weight);
        var perPersona = new int[Personas.Count];
        var planned = 0;
        foreach (var p in eligible)
        {
            var n = Math.Min((int)Math.Round(events * Personas[p].Weight / weightSum), events - planned);
            perPersona[p] = n;
            planned += n;
        }

        // Rounding leftovers go to the everyday partner (the largest non-stalker share), as before.
        perPersona[eligible.Contains(1) ? 1 : eligible[0]] += events - planned;

        var plan = new int[Personas.Count, Days, ChannelCount];
        foreach (var p in eligible)
        {
            var cumulative = new double[ChannelCount];
            var total = 0.0;
            for (var c = 0; c < ChannelCount; c++)
            {
                total += mixes[p][c];
                cumulative[c] = total;
            }

            for (var i = 0; i < perPersona[p]; i++)
            {
                var day = SampleDay(Personas[p]);
                var roll = _random.NextDouble() * total;
                var channel = 0;
                while (channel < ChannelCount - 1 && (roll >= cumulative[channel] || mixes[p][channel] == 0))
                {
                    channel++;
                }

                plan[p, day, channel]++;
            }
        }

        return plan;
    }

    private static IEnumerable<(int Persona, int Day, SynthChannel Channel, int Count)> Cells(int[,,] plan)
    {
        for (var p = 0; p < plan.GetLength(0); p++)
        {
            for (var d = 0; d < plan.GetLength(1); d++)
            {
                for (var c = 0; c < plan.GetLength(2); c++)
                {
                    yield return (p, d, (SynthChannel)c, plan[p, d, c]);
                }
            }
        }
    }

    private SynthItem Generate(int who, int day, SynthChannel channel, int sequence)
    {
        var p = Personas[who];
        var local = Start.ToDateTime(TimeOnly.MinValue).AddDays(day).Add(SampleTimeOfDay(p));
        if (_zone.IsSkipped(local))
        {
            local = local.AddHours(1); // a phone never records a wall-clock time inside the spring-forward gap
        }

        var incoming = p.Stalker ? _random.NextDouble() < 0.93 - (day > OnsetDay ? 0.05 : 0) : _random.NextDouble() < 0.5;
        switch (channel)
        {
            case SynthChannel.Call:
                var type = incoming
                    ? p.Stalker ? _random.Pick(StalkerCallTypes) : _random.Pick(OrdinaryCallTypes)
                    : 2;
                var duration = type is 1 or 2 ? _random.Next(20, 900) : 0;
                return new SynthItem(local, sequence, who, channel, incoming, string.Empty, type, duration);
            case SynthChannel.Email:
                return new SynthItem(local, sequence, who, channel, incoming, string.Empty, 0, 0); // written by MailComposer, in time order
            default:
                var text = p.Stalker ? StalkerText(day, incoming) : _random.Pick(incoming ? OrdinaryIncoming : OrdinaryOutgoing);
                return new SynthItem(local, sequence, who, channel, incoming, text, 0, 0);
        }
    }

    /// <summary>
    /// Inverse-CDF table for the stalker's day: weight 1 to <see cref="OnsetDay"/>, then rising
    /// linearly to 12 on the last day. Computed once; each draw is a binary search.
    /// </summary>
    private static readonly double[] StalkerDayCdf = BuildStalkerDayCdf();

    private static double[] BuildStalkerDayCdf()
    {
        var cdf = new double[Days];
        var total = 0.0;
        for (var d = 0; d < Days; d++)
        {
            total += d < OnsetDay ? 1.0 : 1.0 + (11.0 * (d - OnsetDay) / (Days - OnsetDay));
            cdf[d] = total;
        }

        for (var d = 0; d < Days; d++)
        {
            cdf[d] /= total;
        }

        return cdf;
    }

    /// <summary>The stalker's daily contact rate rises steeply from early March (onset), the others' is flat.</summary>
    private int SampleDay(Persona p)
    {
        if (!p.Stalker)
        {
            return _random.Next(0, Days);
        }

        var x = _random.NextDouble();
        var index = Array.BinarySearch(StalkerDayCdf, x);

        // The first day whose cumulative share exceeds x (BinarySearch gives the complement of the next larger entry).
        index = index >= 0 ? index + 1 : ~index;
        return Math.Min(index, Days - 1);
    }

    private TimeSpan SampleTimeOfDay(Persona p)
    {
        var hour = p.Stalker && _random.NextDouble() < 0.4 ? _random.Pick(NightHours) : _random.Next(8, 22);
        return new TimeSpan(hour, _random.Next(0, 60), _random.Next(0, 60));
    }

    private string StalkerText(int day, bool incoming)
    {
        if (!incoming)
        {
            return _random.Pick(day < 40 ? OwnerToStalkerEarly : Refusals);
        }

        var phase = day < 40 ? StalkerEarly : day < 75 ? StalkerMiddle : StalkerLate;
        return _random.Pick(phase);
    }

    private static readonly int[] NightHours = [22, 23, 0, 1, 2, 3, 4];

    /// <summary>SMS Backup &amp; Restore call types: 1 incoming, 2 outgoing, 3 missed, 5 rejected, 6 blocked.</summary>
    private static readonly int[] StalkerCallTypes = [1, 3, 3, 5, 6];

    private static readonly int[] OrdinaryCallTypes = [1, 1, 1, 3];

    private static readonly string[] OwnerToStalkerEarly = ["ok", "I'm busy, talk later", "Fine."];

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

    internal static readonly string[] Refusals =
    [
        "Please stop contacting me", "Leave me alone", "I have blocked you. Do not contact me again", "Stop messaging me",
    ];

    internal static readonly string[] StalkerEarly =
    [
        "Can we talk?", "I miss you", "Why won't you answer?", "Just want to know you're ok", "Please reply",
        "I still love you", "One coffee, that's all I'm asking",
    ];

    internal static readonly string[] StalkerMiddle =
    [
        "Why are you ignoring me", "I saw you at the gym today", "Who was that man you were with?", "Answer your phone",
        "I know you read these", "You can't just cut me out", "I drove past your work",
    ];

    internal static readonly string[] StalkerLate =
    [
        "I'm outside your house", "You'll regret this", "If I can't have you nobody will", "I know where you live",
        "I will hurt you", "Saw you at Tesco with him", "I'm watching you", "Answer or I'm coming round",
        "Don't make me do something stupid", "You'll be sorry",
    ];
}

/// <summary>One generated event before it is written (a struct: a day of them is all that is ever held).</summary>
internal readonly record struct SynthItem(DateTime Local, int Sequence, int Who, CaseSynthesizer.SynthChannel Channel, bool Incoming, string Text, int CallType, int Duration);
