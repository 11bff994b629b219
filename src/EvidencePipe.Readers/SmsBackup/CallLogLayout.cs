namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Where a call-log backup keeps the Android CallLog.Calls fields: SMS Backup &amp; Restore's
/// <c>&lt;calls&gt;&lt;call duration contact_name/&gt;</c> or Super Backup's
/// <c>&lt;alllogs&gt;&lt;log dur name/&gt;</c>. <c>number</c>, <c>date</c> (epoch ms) and <c>type</c> are
/// the same in both.
/// </summary>
internal sealed record CallLogLayout(string Root, string Element, string Duration, string ContactName)
{
    public static CallLogLayout SmsBackupRestore { get; } = new(SmsBackupFormats.CallsRoot, SmsBackupFormats.Call, "duration", "contact_name");

    public static CallLogLayout SuperBackup { get; } = new(SmsBackupFormats.SuperBackupRoot, SmsBackupFormats.SuperBackupLog, "dur", "name");
}
