namespace Support.Modules.Shared.Attachments;

/// <summary>A file kept with a ticket (IN-4): what it is, without its content, which is stored beside the event that names it.</summary>
/// <param name="Id">The attachment's id; its content is downloaded under it.</param>
/// <param name="FileName">The file's name as sent, without any path or control characters, at most 255 characters.</param>
/// <param name="ContentType">Its media type, e.g. <c>image/png</c>; it is served back with it.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">The SHA-256 of its content, lower-case hexadecimal: a client can check what it downloads.</param>
public sealed record AttachmentInfo(Guid Id, string FileName, string ContentType, long Size, string Sha256);
