namespace EvidencePipe.Pipeline;

/// <summary>A file found under an ingest root.</summary>
public sealed record DiscoveredFile(string AbsolutePath, string RelativePath);

/// <summary>
/// Walks ingest roots recursively in ordinal name order. Directory symbolic links are not followed
/// (an export can contain loops); everything else is listed, so nothing is skipped silently.
/// A folder an <see cref="IFolderLayout"/> recognises (an iOS backup) names the files under it: their
/// relative path becomes <c>stored/path!/logical/name</c>, the stored name first so a person can find
/// the file on disk, the logical name last so the file's own name is what readers see.
/// </summary>
public static class SourceDiscovery
{
    /// <summary>Separates a file's stored path from the name its folder's index gives it (as a zip entry's name follows the archive's path).</summary>
    public const string LogicalNameSeparator = "!/";

    public static IEnumerable<DiscoveredFile> Walk(IReadOnlyList<string> roots, IReadOnlyList<string> excluded, Action<string, string> onError, IReadOnlyList<IFolderLayout>? layouts = null)
    {
        var indexes = new List<(string Root, FolderIndex Index)>();
        try
        {
            foreach (var file in WalkNamed(roots, excluded, onError, layouts ?? [], indexes))
            {
                yield return file;
            }
        }
        finally
        {
            foreach (var (_, index) in indexes)
            {
                index.Dispose();
            }
        }
    }

    private static IEnumerable<DiscoveredFile> WalkNamed(
        IReadOnlyList<string> roots, IReadOnlyList<string> excluded, Action<string, string> onError, IReadOnlyList<IFolderLayout> layouts, List<(string Root, FolderIndex Index)> indexes)
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
                var index = Enclosing(indexes, dir) ?? Recognise(layouts, dir, files, indexes, onError);
                foreach (var file in files)
                {
                    var relative = Path.GetRelativePath(full, file).Replace('\\', '/');
                    if (index is var (indexRoot, names) && names.LogicalName(Path.GetRelativePath(indexRoot, file).Replace('\\', '/')) is { } logical)
                    {
                        relative += LogicalNameSeparator + logical;
                    }

                    yield return new DiscoveredFile(file, relative);
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

    /// <summary>The innermost open index whose root holds <paramref name="dir"/> (the walk is depth-first, so it is still open).</summary>
    private static (string Root, FolderIndex Index)? Enclosing(List<(string Root, FolderIndex Index)> indexes, string dir)
    {
        for (var i = indexes.Count - 1; i >= 0; i--)
        {
            var root = indexes[i].Root;
            if (dir == root || (dir.StartsWith(root, StringComparison.Ordinal) && dir[root.Length] == Path.DirectorySeparatorChar))
            {
                return indexes[i];
            }
        }

        return null;
    }

    private static (string Root, FolderIndex Index)? Recognise(
        IReadOnlyList<IFolderLayout> layouts, string dir, string[] files, List<(string Root, FolderIndex Index)> indexes, Action<string, string> onError)
    {
        if (layouts.Count == 0)
        {
            return null;
        }

        var names = files.Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var layout in layouts)
        {
            FolderIndex? index;
            try
            {
                index = layout.Recognise(dir, names);
            }
            catch (Exception ex)
            {
                // A layout must report damage itself; this only keeps a bug in one from stopping the walk.
                onError(dir, $"folder index could not be read ({ex.GetType().Name}: {ex.Message}); its files are listed under their stored names");
                continue;
            }

            if (index is null)
            {
                continue;
            }

            foreach (var problem in index.Problems)
            {
                onError(dir, problem);
            }

            indexes.Add((dir, index));
            return (dir, index);
        }

        return null;
    }
}
