namespace EvidencePipe.Synthesis;

/// <summary>The files <see cref="CaseSynthesizer"/> can write (<c>synth --formats LIST</c>).</summary>
[Flags]
public enum SynthFormats
{
    None = 0,

    /// <summary>SMS Backup &amp; Restore messages XML (<c>sms-20240430.xml</c>).</summary>
    Sms = 1,

    /// <summary>SMS Backup &amp; Restore calls XML (<c>calls-20240430.xml</c>).</summary>
    Calls = 2,

    /// <summary>WhatsApp Android "Export chat" text, one file per chat.</summary>
    WhatsApp = 4,

    /// <summary>One mboxrd mailbox (<c>mail-20240430.mbox</c>).</summary>
    Mbox = 8,

    /// <summary>The vCard 3.0 address book (<c>contacts.vcf</c>); it holds no events.</summary>
    VCard = 16,

    All = Sms | Calls | WhatsApp | Mbox | VCard,

    /// <summary>The formats that carry events; at least one must be chosen.</summary>
    Events = Sms | Calls | WhatsApp | Mbox,
}

/// <summary>Parses and names <see cref="SynthFormats"/> as the CLI spells them: <c>sms,calls,whatsapp,mbox,vcard</c>.</summary>
public static class SynthFormatList
{
    private static readonly (string Name, SynthFormats Format)[] Names =
    [
        ("sms", SynthFormats.Sms), ("calls", SynthFormats.Calls), ("whatsapp", SynthFormats.WhatsApp),
        ("mbox", SynthFormats.Mbox), ("vcard", SynthFormats.VCard),
    ];

    public static string Known => string.Join(",", Names.Select(n => n.Name));

    /// <summary>A comma-separated subset (case-insensitive, duplicates allowed); throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static SynthFormats Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var formats = SynthFormats.None;
        foreach (var raw in list.Split(',', StringSplitOptions.TrimEntries))
        {
            var match = Names.FirstOrDefault(n => string.Equals(n.Name, raw, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                throw new FormatException($"unknown format '{raw}' (expected a comma-separated subset of {Known})");
            }

            formats |= match.Format;
        }

        if ((formats & SynthFormats.Events) == SynthFormats.None)
        {
            throw new FormatException("choose at least one format that holds events: sms, calls, whatsapp or mbox");
        }

        return formats;
    }
}
