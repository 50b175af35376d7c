using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Support.Modules.Shared.Secrets;

/// <summary>
/// Encrypts secrets the service must use again later (a queue's IMAP password) for storage, and
/// decrypts them when needed. Built on ASP.NET Core Data Protection with the key ring in PostgreSQL:
/// any host, after any restart, unprotects what another protected. The protected text is a URL-safe
/// string naming its key, fit for a document field; log neither it nor the plaintext.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    /// <summary>
    /// Isolates these payloads from every other use of Data Protection in the service (cookies, tokens).
    /// Changing it makes every stored secret unreadable: a new format takes a new purpose, kept beside the old.
    /// </summary>
    public const string Purpose = "Support.Secrets.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>The secret, encrypted and authenticated with the key ring's current key.</summary>
    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return _protector.Protect(plaintext);
    }

    /// <summary>The secret <see cref="Protect"/> was given.</summary>
    /// <exception cref="SecretUnprotectException">
    /// The text is not a protected secret of this service (malformed, tampered with, of another purpose
    /// or application), or its key is no longer in the key ring (deleted or revoked).
    /// </exception>
    public string Unprotect(string protectedText)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        try
        {
            return _protector.Unprotect(protectedText);
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            throw new SecretUnprotectException(exception);
        }
    }
}
