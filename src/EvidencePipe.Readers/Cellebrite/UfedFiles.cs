using System.IO.Compression;
using System.Security.Cryptography;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cellebrite;

/// <summary>A <c>taggedFiles/file</c> a model points to: its path on the device and where the extraction stored it.</summary>
internal sealed record TaggedFile(string DevicePath, string? LocalPath, bool Deleted);

/// <summary>
/// The files of the extraction that models point to (<c>jumptargets</c>), and their bytes: a <c>.ufdr</c>
/// keeps them as zip entries beside <c>report.xml</c>, a bare report beside it on disk (the
/// <c>Local Path</c> item, relative to the report's folder, backslash-separated). An attachment is hashed
/// as it is read (SHA-256 of every byte), nothing is extracted; a path with <c>..</c> or a drive/root, or
/// an entry that decompresses like a bomb, is refused and reported.
/// </summary>
internal sealed class UfedFiles : IDisposable
{
    private const double MaxCompressionRatio = 200;
    private const long RatioFloorBytes = 1 << 20;

    private readonly Dictionary<string, TaggedFile> _files = new(StringComparer.Ordinal);
    private readonly EvidenceSource _source;
    private ZipArchive? _archive;
    private bool _archiveFailed;

    public UfedFiles(EvidenceSource source) => _source = source;

    public int Count => _files.Count;

    public void Add(string id, TaggedFile file) => _files.TryAdd(id, file);

    public TaggedFile? Get(string id) => _files.GetValueOrDefault(id);

    /// <summary>The first jumptarget that is a tagged file, as its device path.</summary>
    public string? SourcePath(UfedModel model) => model.JumpTargets.Select(Get).FirstOrDefault(f => f is not null)?.DevicePath;

    /// <summary>An attachment of <paramref name="model"/> (an <c>Attachment</c> model), hashed when its file is in the extraction.</summary>
    public Attachment Attach(UfedModel model, ReadContext context, string locator)
    {
        var name = model.Field("Filename") ?? model.Field("Title");
        var type = model.Field("ContentType");
        long.TryParse(model.Field("Size"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var declared);
        var file = model.JumpTargets.Select(Get).FirstOrDefault(f => f?.LocalPath is not null);
        if (file?.LocalPath is null)
        {
            context.Note(locator, $"attachment {name ?? "(no name)"}: its file is not in the extraction (no tagged file with a Local Path): listed without a hash");
            return new Attachment(name ?? model.Field("URL"), type, declared, null);
        }

        name ??= Path.GetFileName(file.DevicePath);
        var relative = file.LocalPath.Replace('\\', '/');
        while (relative.StartsWith("./", StringComparison.Ordinal))
        {
            relative = relative[2..];
        }

        if (relative.StartsWith('/') || (relative.Length > 1 && relative[1] == ':') || relative.Split('/').Any(p => p == ".."))
        {
            context.RecoveredRecord(locator, $"attachment {name}: Local Path '{file.LocalPath}' is absolute or climbs out of the extraction: refused, listed without a hash");
            return new Attachment(name, type, declared, null);
        }

        try
        {
            using var stream = Open(relative, out var refusal);
            if (stream is null)
            {
                context.RecoveredRecord(locator, $"attachment {name}: {refusal}; listed without a hash");
                return new Attachment(name, type, declared, null);
            }

            var (sha, length) = Hash(stream);
            return new Attachment(name, type, length, sha);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            context.RecoveredRecord(locator, $"attachment {name}: '{relative}' could not be read ({ex.Message}); listed without a hash");
            return new Attachment(name, type, declared, null);
        }
    }

    private Stream? Open(string relative, out string refusal)
    {
        refusal = string.Empty;
        if (_source.ContainerEntry is { } entryName)
        {
            var archive = Archive();
            if (archive is null)
            {
                refusal = "the archive could not be opened";
                return null;
            }

            var folder = entryName.Replace('\\', '/');
            folder = folder.Contains('/', StringComparison.Ordinal) ? folder[..(folder.LastIndexOf('/') + 1)] : string.Empty;
            var entry = archive.GetEntry(folder + relative);
            if (entry is null)
            {
                refusal = $"'{folder + relative}' is not in the archive";
                return null;
            }

            if (entry.Length >= RatioFloorBytes && entry.CompressedLength > 0 && entry.Length / (double)entry.CompressedLength > MaxCompressionRatio)
            {
                refusal = $"'{entry.FullName}' expands {entry.Length / (double)entry.CompressedLength:0}-fold: refused as a possible zip bomb";
                return null;
            }

            return entry.Open();
        }

        var root = Path.GetDirectoryName(_source.AbsolutePath)!;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            refusal = $"'{relative}' lies outside the report's folder: refused";
            return null;
        }

        if (!File.Exists(full))
        {
            refusal = $"'{relative}' is not beside the report";
            return null;
        }

        return EvidenceSource.OpenEvidence(full);
    }

    private ZipArchive? Archive()
    {
        if (_archive is null && !_archiveFailed)
        {
            try
            {
                _archive = new ZipArchive(EvidenceSource.OpenEvidence(_source.AbsolutePath), ZipArchiveMode.Read, leaveOpen: false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                _archiveFailed = true;
            }
        }

        return _archive;
    }

    private static (string Sha, long Length) Hash(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long length = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            length += n;
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    public void Dispose() => _archive?.Dispose();
}
