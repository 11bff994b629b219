using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.VCard;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.VCard;

/// <summary>Reads a vCard fixture the way the pipeline does and hands back the cards and the context.</summary>
internal static class VCardTestSupport
{
    /// <summary>The ez-vcard samples come from North American address books: read them in a US case.</summary>
    public static CaseSettings Us { get; } = WithRegion("US");

    public static CaseSettings Gb { get; } = CaseSettings.Default;

    public static string Fixture(string name) => RepoPaths.Fixture("vcard", name);

    public static string Hostile(string name) => RepoPaths.Fixture("vcard", "hostile", name);

    public static async Task<(List<ContactCard> Cards, ReadContext Context)> ReadAsync(string path, CaseSettings? settings = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new VCardReader(), path, settings ?? Gb);
        Assert.All(records, r => Assert.IsType<ContactRecord>(r));
        return (records.Cast<ContactRecord>().Select(r => r.Card).ToList(), context);
    }

    public static string[] Ids(this ContactCard card) => [.. card.Identifiers];

    public static string Describe(this ReadContext context) =>
        string.Join(Environment.NewLine, context.Diagnostics.Select(d => $"{d.Severity} {d.Locator}: {d.Reason}"));

    private static CaseSettings WithRegion(string code)
    {
        Assert.True(PhoneRegion.TryGet(code, out var region));
        return CaseSettings.Default with { Region = region };
    }
}
