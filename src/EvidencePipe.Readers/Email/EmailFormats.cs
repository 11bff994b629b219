namespace EvidencePipe.Readers.Email;

/// <summary>Format names of the email readers, recorded with every source and event.</summary>
public static class EmailFormats
{
    /// <summary>One RFC 5322 message per file: .eml, extension-less, a maildir cur/new file.</summary>
    public const string Eml = "eml";

    /// <summary>A Unix mailbox: mboxo, mboxrd or Content-Length (mboxcl2) messages after From_ lines.</summary>
    public const string Mbox = "mbox";

    /// <summary>Apple Mail .emlx: a byte count line, the message, then an XML property list.</summary>
    public const string Emlx = "emlx";

    /// <summary>Largest single message read into memory; a bigger one is reported and skipped.</summary>
    public const int MaxMessageBytes = 512 * 1024 * 1024;
}
