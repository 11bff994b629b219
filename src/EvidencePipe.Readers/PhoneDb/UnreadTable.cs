namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// A table a schema reader knows of but does not read (no public parser documents its meaning and
/// no real sample shows it): its rows are counted in a note so nothing is dropped silently.
/// </summary>
internal static class UnreadTable
{
    public static void NoteRows(DbSession db, string table, string why)
    {
        if (!db.Schema.HasTable(table))
        {
            return;
        }

        var count = db.Lookup(table, $"{table} table", $"SELECT count(*) FROM {SqliteSchema.Quote(table)}", _ => { }, r => r.GetInt64(0));
        if (count is [> 0 and var n])
        {
            db.Context.Note(table, $"{db.FileName}: {table} has {n} row(s); they are not read — {why}");
        }
    }
}
