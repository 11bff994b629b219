using System.Security.Cryptography;
using System.Text;

namespace EvidencePipe.Hashing;

/// <summary>
/// Deterministic event ids: the first 128 bits of SHA-256(source SHA-256 ‖ 0x00 ‖ locator), as hex.
/// The same file yields the same ids wherever and however often it is ingested.
/// </summary>
public static class EventIds
{
    // One SHA-256 object per thread: the one-shot SHA256.HashData sets up and tears down an OpenSSL
    // digest context on every call, which at one call per event was a visible share of parsing.
    [ThreadStatic]
    private static SHA256? t_sha256;

    public static string For(string sourceSha256, string locator)
    {
        var byteCount = Encoding.UTF8.GetByteCount(sourceSha256) + 1 + Encoding.UTF8.GetByteCount(locator);
        Span<byte> buffer = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        var n = Encoding.UTF8.GetBytes(sourceSha256, buffer);
        buffer[n++] = 0;
        Encoding.UTF8.GetBytes(locator, buffer[n..]);
        Span<byte> hash = stackalloc byte[32];
        (t_sha256 ??= SHA256.Create()).TryComputeHash(buffer, hash, out _);
        return Convert.ToHexStringLower(hash[..16]);
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
