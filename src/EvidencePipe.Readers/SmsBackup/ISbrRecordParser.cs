using System.Xml;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Reads one record element (<c>sms</c>, <c>mms</c>, <c>call</c>). Called with the reader on the
/// element's start tag; must leave it on the element's last node (its end tag, or the start tag
/// itself when the element is empty) so the document walker can carry on.
/// </summary>
internal interface ISbrRecordParser
{
    string ElementName { get; }

    SbrRecordOutcome Parse(XmlReader reader, string locator, ReadContext context, CancellationToken cancellationToken);
}

/// <summary>
/// The event read (null when the record was skipped) and, when the XML broke inside the record,
/// the damage that ended the file; a record cut short is still returned when it means something.
/// </summary>
internal readonly record struct SbrRecordOutcome(CommunicationEvent? Event, XmlException? Damage);
