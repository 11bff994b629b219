using System.Globalization;
using System.Text;
using System.Xml;
using EvidencePipe.Time;

namespace EvidencePipe.Synthesis;

/// <summary>
/// The open output files of a synthetic case, appended to in time order: SMS Backup &amp; Restore
/// messages and calls XML, one WhatsApp chat export per chat partner, and the mailbox. Each
/// writer is buffered and streams; nothing but the current record is held.
/// </summary>
internal sealed class CaseFileSink : IDisposable
{
    private readonly CaseTimeZone _zone;
    private readonly XmlWriter? _sms;
    private readonly XmlWriter? _calls;
    private readonly Dictionary<int, ChatWriter> _chats = [];
    private readonly bool _suspect;

    /// <summary>The victim as a counter-party on the stalker's phone (<see cref="CaseSynthesizer.SuspectDevice"/>).</summary>
    private static readonly CaseSynthesizer.Persona Victim = new(
        CaseSynthesizer.OwnerEmailName, CaseSynthesizer.OwnerName, CaseSynthesizer.OwnerNumber, "07700 900123", Stalker: false, Weight: 0,
        CaseSynthesizer.OwnerEmail, CaseSynthesizer.OwnerEmailName, new CaseSynthesizer.ChannelMix(0, 0, 0, 0));

    public CaseFileSink(string directory, SynthFormats formats, int[] totals, CaseTimeZone zone, List<string> files, bool suspect = false)
    {
        _zone = zone;
        _suspect = suspect;
        var xml = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        if ((formats & SynthFormats.Sms) != 0)
        {
            _sms = XmlWriter.Create(Path.Combine(directory, "sms-20240430.xml"), xml);
            _sms.WriteStartDocument(standalone: true);
            _sms.WriteStartElement("smses");
            _sms.WriteAttributeString("count", totals[(int)CaseSynthesizer.SynthChannel.Sms].ToString(CultureInfo.InvariantCulture));
            _sms.WriteAttributeString("backup_set", "5c1d6c8e-0000-4000-8000-000000000001");
            _sms.WriteAttributeString("backup_date", "1714518000000");
            _sms.WriteAttributeString("type", "full");
            files.Add("sms-20240430.xml");
        }

        if ((formats & SynthFormats.Calls) != 0)
        {
            _calls = XmlWriter.Create(Path.Combine(directory, "calls-20240430.xml"), xml);
            _calls.WriteStartDocument(standalone: true);
            _calls.WriteStartElement("calls");
            _calls.WriteAttributeString("count", totals[(int)CaseSynthesizer.SynthChannel.Call].ToString(CultureInfo.InvariantCulture));
            files.Add("calls-20240430.xml");
        }

        if ((formats & SynthFormats.WhatsApp) != 0)
        {
            for (var p = 0; p < CaseSynthesizer.Personas.Count; p++)
            {
                if (CaseSynthesizer.Personas[p].Mix.WhatsApp > 0)
                {
                    var persona = CaseSynthesizer.Personas[p];
                    var name = $"WhatsApp Chat with {(suspect && persona.Stalker ? Victim.ShortName : persona.ShortName)}.txt";

                    // Senders are the real authors; on the stalker's phone the owner's side of every other chat is the stalker's.
                    var ownerName = suspect && !persona.Stalker ? CaseSynthesizer.Personas.First(x => x.Stalker).ShortName : CaseSynthesizer.OwnerName;
                    _chats[p] = new ChatWriter(Path.Combine(directory, name), ownerName);
                    files.Add(name);
                }
            }
        }

        if ((formats & SynthFormats.Mbox) != 0)
        {
            Mbox = new MboxWriter(Path.Combine(directory, CaseSynthesizer.MailboxFile));
            files.Add(CaseSynthesizer.MailboxFile);
        }
    }

    public MboxWriter? Mbox { get; }

    public void Add(SynthItem item)
    {
        switch (item.Channel)
        {
            case CaseSynthesizer.SynthChannel.Sms:
                WriteSms(_sms!, item);
                break;
            case CaseSynthesizer.SynthChannel.Call:
                WriteCall(_calls!, item);
                break;
            case CaseSynthesizer.SynthChannel.WhatsApp:
                _chats[item.Who].Write(item);
                break;
            default:
                throw new InvalidOperationException($"{item.Channel} items are not written here");
        }
    }

    /// <summary>On the stalker's phone their contact with the victim is seen from the other end: the victim is the party, directions flip.</summary>
    private bool Mirrored(SynthItem i) => _suspect && CaseSynthesizer.Personas[i.Who].Stalker;

    private void WriteSms(XmlWriter w, SynthItem i)
    {
        var mirrored = Mirrored(i);
        var who = mirrored ? Victim : CaseSynthesizer.Personas[i.Who];
        i = mirrored ? i with { Incoming = !i.Incoming } : i;
        var ms = _zone.FromLocal(i.Local).UnixMilliseconds;
        w.WriteStartElement("sms");
        w.WriteAttributeString("protocol", "0");
        w.WriteAttributeString("address", who.AsStored);
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
        w.WriteAttributeString("contact_name", who.FullName);
        w.WriteEndElement();
    }

    private void WriteCall(XmlWriter w, SynthItem i)
    {
        var who = CaseSynthesizer.Personas[i.Who];
        if (Mirrored(i))
        {
            // The stalker's calls the victim answered, missed, rejected or blocked are outgoing calls on
            // the stalker's phone (type 2, no duration unless answered); the victim's calls are incoming
            // there, answered when they lasted, else missed.
            who = Victim;
            i = i.Incoming
                ? i with { Incoming = false, CallType = 2, Duration = i.CallType is 1 or 7 ? i.Duration : 0 }
                : i with { Incoming = true, CallType = i.Duration > 0 ? 1 : 3 };
        }

        w.WriteStartElement("call");
        w.WriteAttributeString("number", who.AsStored);
        w.WriteAttributeString("duration", i.Duration.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("date", _zone.FromLocal(i.Local).UnixMilliseconds.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("type", i.CallType.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("presentation", "1");
        w.WriteAttributeString("subscription_id", "1");
        w.WriteAttributeString("readable_date", i.Local.ToString("d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteAttributeString("contact_name", who.FullName);
        w.WriteEndElement();
    }

    public void Dispose()
    {
        foreach (var w in new[] { _sms, _calls })
        {
            if (w is not null)
            {
                w.WriteEndElement();
                w.WriteEndDocument();
                w.Dispose();
            }
        }

        foreach (var chat in _chats.Values)
        {
            chat.Dispose();
        }

        Mbox?.Dispose();
    }

    /// <summary>The vCard 3.0 address book (RFC 2426): name, mobile number and email address of each persona.</summary>
    public static void WriteVCards(string path, bool suspect = false)
    {
        using var w = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\r\n" };
        foreach (var p in CaseSynthesizer.Personas.Select(p => suspect && p.Stalker ? Victim : p))
        {
            var parts = p.FullName.Split(' ', 2);
            w.WriteLine("BEGIN:VCARD");
            w.WriteLine("VERSION:3.0");
            w.WriteLine($"FN:{p.FullName}");
            w.WriteLine(parts.Length == 2 ? $"N:{parts[1]};{parts[0]};;;" : $"N:;{parts[0]};;;");
            w.WriteLine($"TEL;TYPE=CELL:{p.AsStored}");
            w.WriteLine($"EMAIL;TYPE=INTERNET:{p.Email}");
            w.WriteLine("END:VCARD");
        }
    }

    /// <summary>Android layout, UK locale: <c>dd/MM/yyyy, HH:mm - Name: text</c> in local time.</summary>
    private sealed class ChatWriter(string path, string ownerName) : IDisposable
    {
        private readonly StreamWriter _writer = new(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        private bool _started;

        public void Write(SynthItem item)
        {
            Begin(item.Local);
            var who = item.Incoming ? CaseSynthesizer.Personas[item.Who].ShortName : ownerName;
            _writer.WriteLine($"{Stamp(item.Local)} - {who}: {item.Text}");
        }

        /// <summary>WhatsApp opens every export with its encryption notice, stamped with the first message's time.</summary>
        private void Begin(DateTime first)
        {
            if (_started)
            {
                return;
            }

            _started = true;
            _writer.WriteLine($"{Stamp(first)} - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.");
        }

        private static string Stamp(DateTime local) => local.ToString("dd/MM/yyyy, HH:mm", CultureInfo.InvariantCulture);

        public void Dispose()
        {
            Begin(CaseSynthesizer.Start.ToDateTime(TimeOnly.MinValue));
            _writer.Dispose();
        }
    }
}
