namespace EvidencePipe.Pipeline;

/// <summary>A file found under an ingest root.</summary>
public sealed record DiscoveredFile(string AbsolutePath, string RelativePath);

/// <summary>
/// Walks ingest roots recursively in ordinal name order. Directory symbolic links are not followed
/// (an export can contain loops); everything else is listed, so nothing is skipped silently.
/// </summary>
public static class SourceDiscovery
{
    public static IEnumerable<DiscoveredFile> Walk(IReadOnlyList<string> roots, IReadOnlyList<string> excluded, Action<string, string> onError)
    {
        var excludedFull = excluded.Select(e => Path.TrimEndingDirectorySeparator(Path.GetFullPath(e))).ToHashSet(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            var full = Path.GetFullPath(root);
            if (File.Exists(full))
            {
                yield return new DiscoveredFile(full, Path.GetFileName(full));
                continue;
            }

            if (!Directory.Exists(full))
            {
                onError(root, "no such file or directory");
                continue;
            }

            var stack = new Stack<string>();
            stack.Push(Path.TrimEndingDirectorySeparator(full));
            while (stack.Count > 0)
            {
                var dir = stack.Pop();
                if (excludedFull.Contains(dir))
                {
                    continue;
                }

                string[] files, dirs;
                try
                {
                    files = Directory.GetFiles(dir);
                    dirs = Directory.GetDirectories(dir);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    onError(dir, ex.Message);
                    continue;
                }

                Array.Sort(files, StringComparer.Ordinal);
                Array.Sort(dirs, StringComparer.Ordinal);
                foreach (var file in files)
                {
                    yield return new DiscoveredFile(file, Path.GetRelativePath(full, file).Replace('\\', '/'));
                }

                for (var i = dirs.Length - 1; i >= 0; i--)
                {
                    if (!new DirectoryInfo(dirs[i]).Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        stack.Push(dirs[i]);
                    }
                    else
                    {
                        onError(dirs[i], "directory symbolic link not followed");
                    }
                }
            }
        }
    }
}
