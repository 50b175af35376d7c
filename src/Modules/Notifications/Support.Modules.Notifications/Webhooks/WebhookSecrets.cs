using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Support.Modules.Notifications.Webhooks;

/// <summary>Webhook secrets and the <c>Support-Signature</c> header they make (documented in docs/webhooks.md).</summary>
internal static class WebhookSecrets
{
    public const string Prefix = "whsec_";
    public const int MinLength = 16;
    public const int MaxLength = 256;

    /// <summary>256 random bits, e.g. <c>whsec_3q2-7w…</c>.</summary>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>, with one <c>v1</c> per secret in the
    /// order given (the current secret first, then the previous one during a rotation's overlap).
    /// </summary>
    public static string Signature(long timestamp, string body, IEnumerable<string> secrets)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"{t}.{body}");
        var header = new StringBuilder("t=").Append(t);
        foreach (var secret in secrets)
        {
            header.Append(",v1=").Append(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)));
        }

        return header.ToString();
    }
}
