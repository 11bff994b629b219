using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Fuzz;

/// <summary>Minimised inputs from fuzzer findings, kept so the fixed readers stay fixed.</summary>
public sealed class FuzzRegressionTests
{
    /// <summary>
    /// Found by mutating shruggietech_edge_cases.xml (two deletions turned <c>&lt;smses count="4"&gt;</c>
    /// into a self-closing root): the reader stopped at the root's end and lost every record after it
    /// without a word.
    /// </summary>
    [Fact]
    public async Task A_self_closing_sms_root_with_records_after_it_is_reported_as_damage()
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new SmsBackupReader(), RepoPaths.Fixture("sms_backup", "hostile", "fuzz_self_closed_root.xml"));

        Assert.Empty(records);
        var skipped = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
        Assert.Contains("XML not well-formed", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(1, context.Skipped);
    }

    [Fact]
    public async Task A_record_after_the_sms_root_closes_is_reported_and_the_records_inside_are_kept()
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new SmsBackupReader(), RepoPaths.Fixture("sms_backup", "hostile", "fuzz_record_after_root.xml"));

        var only = Assert.IsType<EventRecord>(Assert.Single(records));
        Assert.Equal("inside the root", only.Event.Text);
        var skipped = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
        Assert.StartsWith("line 5", skipped.Locator, StringComparison.Ordinal);
    }
}
