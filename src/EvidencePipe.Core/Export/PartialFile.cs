namespace EvidencePipe.Export;

/// <summary>
/// Writes an output file beside its target (<c>FILE.partial</c>) and moves it into place only when
/// complete, so nobody ever sees half an export; on any failure (disk full, cancellation, a store error)
/// the partial file is removed and the target left as it was.
/// </summary>
public static class PartialFile
{
    public static async Task WriteAsync(string path, Func<string, TextWriter> open, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".partial";
        try
        {
            await using (var file = open(temp))
            {
                write(file);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the original failure is the one to report.
        }
    }
}
