using System.Security.Cryptography;
using System.Text;

namespace EvidencePipe.Readers.IosBackup;

/// <summary>How an iOS backup names its files: fileID = SHA-1(domain + "-" + relativePath), stored at <c>xx/fileID</c>.</summary>
internal static class BackupNames
{
    /// <summary>Longest logical name kept; a longer one (only a hostile manifest writes it) is cut with "…".</summary>
    public const int MaxNameLength = 1024;

    /// <summary>The fileID of a stored file's path <c>xx/&lt;40 lower-case hex digits&gt;</c>, or null for any other path.</summary>
    public static string? StoredFileId(string relativePath)
    {
        if (relativePath.Length != 43 || relativePath[2] != '/')
        {
            return null;
        }

        var id = relativePath[3..];
        return id.StartsWith(relativePath[..2], StringComparison.Ordinal) && IsFileId(id) ? id : null;
    }

    public static bool IsFileId(string value) => value.Length == 40 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>SHA-1(domain + "-" + relativePath) in lower-case hex: what the fileID of that name must be.</summary>
    /// <remarks>SHA-1 because Apple's backup format names files with it; it checks a name, it protects nothing (evidence is hashed with SHA-256).</remarks>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Apple's backup format defines fileID as SHA-1; used to check a name, not for security.")]
    public static string FileId(string domain, string relativePath) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(domain + "-" + relativePath)));

    /// <summary>
    /// <c>domain/relativePath</c> as a display name: control characters (a newline would forge a line in
    /// a log or CSV) become U+FFFD and the length is capped. It only ever labels a file: nothing is
    /// opened by it, so a <c>..</c> in it cannot reach outside the backup.
    /// </summary>
    public static string? Logical(string? domain, string? relativePath)
    {
        if (string.IsNullOrEmpty(domain))
        {
            return null;
        }

        var name = string.IsNullOrEmpty(relativePath) ? domain : domain + "/" + relativePath;
        var builder = new StringBuilder(Math.Min(name.Length, MaxNameLength + 1));
        foreach (var c in name)
        {
            if (builder.Length >= MaxNameLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '\uFFFD' : c);
        }

        return builder.ToString();
    }
}
