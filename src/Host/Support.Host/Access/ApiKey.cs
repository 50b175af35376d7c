using System.Security.Cryptography;
using System.Text;
using Support.Modules.Shared.Security;

namespace Support.Host.Access;

/// <summary>An API key. Only a hash of its secret is kept; the secret is shown once, at creation.</summary>
internal sealed class ApiKey
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public Role Role { get; set; }

    /// <summary>For partner keys: the organisations the key may see and act for (NF-3).</summary>
    public List<Guid> OrganizationIds { get; set; } = [];

    public string SecretHash { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The key format: <c>sup_{id}_{secret}</c>. The id finds the record in one primary-key read; the
/// 256-bit secret is compared by hash in constant time.
/// </summary>
internal static class ApiKeySecrets
{
    public const string Prefix = "sup_";

    public static (string Key, string Hash) Generate(Guid id)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{id:N}_{secret}", Hash(secret));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(expectedHash));

    public static bool TryParse(string key, out Guid id, out string secret)
    {
        id = Guid.Empty;
        secret = "";
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length != Prefix.Length + 32 + 1 + 64 || key[Prefix.Length + 32] != '_')
        {
            return false;
        }

        secret = key[(Prefix.Length + 33)..];
        return Guid.TryParseExact(key.AsSpan(Prefix.Length, 32), "N", out id);
    }
}
