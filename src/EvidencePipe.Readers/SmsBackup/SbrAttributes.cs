using System.Globalization;
using System.Xml;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Attribute access with SBR's conventions: SBR writes the Android column value verbatim, and a
/// database NULL as the literal string <c>null</c> (SyncTech "Fields in XML Backup Files").
/// </summary>
internal static class SbrAttributes
{
    private const string NullLiteral = "null";

    /// <summary>SBR's placeholder when the handset had no contact for the address.</summary>
    private const string UnknownContact = "(Unknown)";

    /// <summary>The attribute value, or null when it is missing, empty or the literal <c>null</c>.</summary>
    public static string? Get(XmlReader reader, string name)
    {
        var value = reader.GetAttribute(name);
        return value is null || value.Length == 0 || value == NullLiteral ? null : value;
    }

    public static int? GetInt(XmlReader reader, string name) =>
        int.TryParse(Get(reader, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary><c>contact_name</c> (or another layout's name attribute), or null when there was no real name for the address.</summary>
    public static string? ContactName(XmlReader reader, string attribute = "contact_name")
    {
        var value = Get(reader, attribute)?.Trim();
        return string.IsNullOrEmpty(value) || value == UnknownContact ? null : value;
    }

    /// <summary><c>sms:thread:</c> + Android <c>thread_id</c> when the export carries it.</summary>
    public static string? ThreadId(XmlReader reader) => Get(reader, "thread_id") is { } id ? "sms:thread:" + id.Trim() : null;

    /// <summary>A value short enough to quote in a diagnostic.</summary>
    public static string Clip(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
