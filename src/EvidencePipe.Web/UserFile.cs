using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EvidencePipe.Application;

namespace EvidencePipe.Web;

/// <summary>
/// The page's users (<c>--users FILE</c>): one <c>name:pbkdf2-sha256:ITERATIONS:SALT:HASH</c> a line (salt and
/// hash in base64; <c>#</c> starts a comment). PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) from the BCL, so no password is
/// ever stored and any tool can make a line — e.g. Python's <c>hashlib.pbkdf2_hmac('sha256', …)</c> (README "Web page").
/// OWASP's 2023 guidance for PBKDF2-HMAC-SHA256 is 600,000 iterations; fewer than 100,000 is refused.
/// </summary>
public sealed class UserFile
{
    public const string Scheme = "pbkdf2-sha256";
    public const int MinimumIterations = 100_000;

    private readonly Dictionary<string, (int Iterations, byte[] Salt, byte[] Hash)> _users;

    private UserFile(Dictionary<string, (int, byte[], byte[])> users) => _users = users;

    public int Count => _users.Count;

    public static UserFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CaseOptionException($"--users: no such file '{path}'");
        }

        var users = new Dictionary<string, (int, byte[], byte[])>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(':');
            if (parts.Length != 5 || parts[0].Length == 0 || parts[1] != Scheme
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
                || !TryBase64(parts[3], out var salt) || !TryBase64(parts[4], out var hash) || salt.Length < 16 || hash.Length < 32)
            {
                throw new CaseOptionException($"--users {path} line {lineNo}: expected 'name:{Scheme}:ITERATIONS:SALT:HASH' (base64 salt ≥ 16 bytes, hash ≥ 32 bytes)");
            }

            if (iterations < MinimumIterations)
            {
                throw new CaseOptionException($"--users {path} line {lineNo}: {iterations} iterations is too few (at least {MinimumIterations})");
            }

            if (!users.TryAdd(parts[0], (iterations, salt, hash)))
            {
                throw new CaseOptionException($"--users {path} line {lineNo}: user '{parts[0]}' is listed twice");
            }
        }

        return users.Count == 0 ? throw new CaseOptionException($"--users {path}: no users in the file") : new UserFile(users);
    }

    /// <summary>A line for the file: the password hashed with a fresh random salt.</summary>
    public static string Line(string name, string password, int iterations = 600_000)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{name}:{Scheme}:{iterations}:{Convert.ToBase64String(salt)}:{Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="name"/> is a user and <paramref name="password"/> is theirs (compared in constant time).</summary>
    public bool Verify(string name, string password)
    {
        if (!_users.TryGetValue(name, out var user))
        {
            return false;
        }

        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), user.Salt, user.Iterations, HashAlgorithmName.SHA256, user.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(hash, user.Hash);
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var n))
        {
            bytes = buffer[..n];
            return true;
        }

        bytes = [];
        return false;
    }
}
