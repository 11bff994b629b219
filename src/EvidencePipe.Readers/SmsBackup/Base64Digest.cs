using System.Security.Cryptography;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Measures and hashes the bytes of a base64 attribute (RFC 4648 §4) in fixed 4 KiB chunks, so
/// the decoded attachment is never held in memory. Whitespace is skipped (XML attribute-value
/// normalisation turns wrapped base64 lines into spaces, XML 1.0 §3.3.3); missing final padding is
/// tolerated (RFC 4648 §3.2); anything else invalid fails the whole part.
/// </summary>
internal static class Base64Digest
{
    /// <summary>Characters per chunk: a multiple of 4, so base64 quanta never straddle chunks.</summary>
    private const int ChunkChars = 4096;

    public static bool TryDigest(ReadOnlySpan<char> base64, out long size, out string? sha256)
    {
        size = 0;
        sha256 = null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<char> chunk = new char[ChunkChars];
        Span<byte> bytes = new byte[ChunkChars / 4 * 3];
        var filled = 0;
        var padding = false;
        long total = 0;
        foreach (var c in base64)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            if (padding && c != '=')
            {
                return false; // data after the end padding
            }

            padding |= c == '=';
            chunk[filled++] = c;
            if (filled == ChunkChars)
            {
                if (!Append(chunk, bytes, hash, ref total))
                {
                    return false;
                }

                filled = 0;
            }
        }

        switch (filled % 4)
        {
            case 1:
                return false; // a lone sextet cannot encode a byte
            case 2:
                chunk[filled++] = '=';
                chunk[filled++] = '=';
                break;
            case 3:
                chunk[filled++] = '=';
                break;
        }

        if (filled > 0 && !Append(chunk[..filled], bytes, hash, ref total))
        {
            return false;
        }

        size = total;
        sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        return true;
    }

    private static bool Append(ReadOnlySpan<char> chars, Span<byte> bytes, IncrementalHash hash, ref long total)
    {
        if (!Convert.TryFromBase64Chars(chars, bytes, out var written))
        {
            return false;
        }

        hash.AppendData(bytes[..written]);
        total += written;
        return true;
    }
}
