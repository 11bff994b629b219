using System.IO.Packaging;
using System.Xml;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>
/// The parts of a workbook package the log reader needs, found through the package's relationships
/// (ECMA-376 Part 2, OPC §9.3): the package's <c>officeDocument</c> relationship names the workbook part,
/// and the workbook's own relationships its sheets and shared-string table (Part 1 §12.3). Every part
/// reachable through an internal relationship is looked up as the package is opened, so a dangling
/// relationship makes the package unreadable ("Specified part does not exist in the package."), as it
/// did when the Open XML SDK opened it; the sheet and shared-string parts must carry their content type.
/// </summary>
internal sealed class XlsxPackageParts
{
    /// <summary>SpreadsheetML's main namespace (transitional, Part 1 §18).</summary>
    public const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>The namespace of <c>r:id</c> attributes and the prefix of relationship types (transitional).</summary>
    public const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // Strict OOXML (ISO/IEC 29500 strict, Part 1 §A.1) names the same things under purl.oclc.org. The SDK
    // read a strict workbook as a transitional one once any relationship in the package had a strict type,
    // and only then; the same rule is kept here.
    private const string StrictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    private const string StrictRelationships = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    private const string OfficeDocument = Relationships + "/officeDocument";
    private const string Worksheet = Relationships + "/worksheet";
    private const string SharedStringsType = Relationships + "/sharedStrings";
    private const string Chartsheet = Relationships + "/chartsheet";

    /// <summary>Content types of the parts whose type is fixed by their relationship (Part 1 §12.3.13, §12.3.15, §12.3.24).</summary>
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [Worksheet] = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        [SharedStringsType] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
        [Chartsheet] = "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml",
    };

    /// <summary>
    /// The package-level relationship types the SDK knew for a workbook package (ECMA-376 Part 1 §15.2.1,
    /// §15.2.12.1, §15.2.12.2, §15.2.12.3, Part 2 §13.2.4.1): it looked up their parts; a package
    /// relationship of any other type it left alone.
    /// </summary>
    private static readonly HashSet<string> PackageLevelTypes = new(StringComparer.Ordinal)
    {
        OfficeDocument,
        Relationships + "/extended-properties",
        Relationships + "/custom-properties",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
        "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin",
    };

    private readonly Dictionary<string, PackagePart> _worksheets;

    private XlsxPackageParts(PackagePart workbook, Dictionary<string, PackagePart> worksheets, PackagePart? sharedStrings, bool strict)
    {
        Workbook = workbook;
        _worksheets = worksheets;
        SharedStrings = sharedStrings;
        Strict = strict;
    }

    public PackagePart Workbook { get; }

    /// <summary>The workbook's first shared-string table part (§18.4), if it has one.</summary>
    public PackagePart? SharedStrings { get; }

    /// <summary>True when the package uses strict relationship types: its XML is then read with strict namespaces as transitional.</summary>
    public bool Strict { get; }

    /// <summary>The workbook part and its related parts, or null when the package has no workbook (no internal <c>officeDocument</c> relationship).</summary>
    public static XlsxPackageParts? Open(Package package, CancellationToken cancellationToken)
    {
        var strict = false;
        var seen = new HashSet<Uri>();
        PackagePart? workbook = null;
        foreach (var relationship in package.GetRelationships())
        {
            var type = Transitional(relationship.RelationshipType, ref strict);
            if (relationship.TargetMode == TargetMode.Internal && PackageLevelTypes.Contains(type) && Visit(package, relationship, type, seen, ref strict, cancellationToken) is { } part && type == OfficeDocument)
            {
                workbook ??= part;
            }
        }

        if (workbook is null)
        {
            return null;
        }

        var worksheets = new Dictionary<string, PackagePart>(StringComparer.Ordinal);
        PackagePart? sharedStrings = null;
        foreach (var relationship in workbook.GetRelationships())
        {
            if (relationship.TargetMode != TargetMode.Internal)
            {
                continue;
            }

            var type = Transitional(relationship.RelationshipType, ref strict);
            var part = package.GetPart(PackUriHelper.ResolvePartUri(relationship.SourceUri, relationship.TargetUri));
            if (type == Worksheet)
            {
                worksheets[relationship.Id] = part;
            }
            else if (type == SharedStringsType)
            {
                sharedStrings ??= part;
            }
        }

        return new XlsxPackageParts(workbook, worksheets, sharedStrings, strict);
    }

    /// <summary>The worksheet part the workbook relationship <paramref name="id"/> names, or null (no such relationship, or not a worksheet).</summary>
    public PackagePart? WorksheetById(string id) => _worksheets.GetValueOrDefault(id);

    /// <summary>True when the element the reader is on is SpreadsheetML's <paramref name="localName"/>.</summary>
    public bool Is(XmlReader reader, string localName) =>
        reader.LocalName == localName && (reader.NamespaceURI == Main || (Strict && reader.NamespaceURI == StrictMain));

    /// <summary>The current element's <c>r:id</c> attribute (§22.8.2.1).</summary>
    public string? RelationshipId(XmlReader reader) =>
        reader.GetAttribute("id", Relationships) ?? (Strict ? reader.GetAttribute("id", StrictRelationships) : null);

    /// <summary>
    /// Settings for every XML part: no DTD (so no entity expansion or external entity, XXE), no resolver,
    /// and a bound on characters whatever the zip header claimed (<see cref="XlsxPackageLimits.MaxCharactersInPart"/>).
    /// Whitespace-only text is dropped unless <c>xml:space="preserve"</c> keeps it, as the SDK's reader did.
    /// </summary>
    public static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = XlsxPackageLimits.MaxCharactersInPart,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    public static XmlReader ReadXml(PackagePart part) => XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), XmlSettings);

    /// <summary>Looks up the part a relationship targets (throwing when it is missing) and, once per part, the parts it relates to in turn.</summary>
    private static PackagePart Visit(Package package, PackageRelationship relationship, string type, HashSet<Uri> seen, ref bool strict, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var uri = PackUriHelper.ResolvePartUri(relationship.SourceUri, relationship.TargetUri);
        var part = package.GetPart(uri);
        if (!seen.Add(uri))
        {
            return part;
        }

        if (ContentTypes.TryGetValue(type, out var expected) && part.ContentType != expected)
        {
            // The Open XML SDK's wording for a part whose content type is not its relationship's, kept so the diagnostic reads as before.
            throw new InvalidDataException($"The document cannot be opened because there is an invalid part with an unexpected content type. \r\n[Part Uri={uri}], \r\n[Content Type={part.ContentType}], \r\n[Expected Content Type={expected}].");
        }

        foreach (var child in part.GetRelationships())
        {
            var childType = Transitional(child.RelationshipType, ref strict);
            if (child.TargetMode == TargetMode.Internal)
            {
                Visit(package, child, childType, seen, ref strict, cancellationToken);
            }
        }

        return part;
    }

    private static string Transitional(string type, ref bool strict)
    {
        if (type.StartsWith(StrictRelationships + "/", StringComparison.Ordinal))
        {
            strict = true;
            return Relationships + type[StrictRelationships.Length..];
        }

        return type;
    }
}
