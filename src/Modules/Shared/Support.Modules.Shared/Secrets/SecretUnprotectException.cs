namespace Support.Modules.Shared.Secrets;

/// <summary>
/// A stored secret could not be decrypted: the text was not protected by <see cref="SecretProtector"/> of
/// this service, was altered, or its key is gone from the key ring. The secret must be entered again;
/// retrying does not help. The message never contains the protected text.
/// </summary>
public sealed class SecretUnprotectException(Exception innerException) : Exception(
    "A stored secret could not be decrypted: it is malformed or altered, was protected for another purpose or application, " +
    "or its Data Protection key is missing from the key ring (dataprotection.key_element) or revoked. Enter the secret again.",
    innerException);
