using System.Data;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Support.Modules.Shared.Attachments;

/// <summary>
/// Where attachments' content lives: a table of the one PostgreSQL database, so one backup holds the
/// tickets and their files (IN-4, NF-2). Content is written in the transaction of the event that names
/// it, and read back as a stream.
/// </summary>
public static class AttachmentStore
{
    public const string SchemaName = "attachments";
    public const string TableName = SchemaName + ".attachment";

    /// <summary>The table, created with the rest of the schema when the host starts.</summary>
    internal static Table Table()
    {
        var table = new Table(TableName);
        table.AddColumn("id", "uuid").AsPrimaryKey();
        table.AddColumn("owner_id", "uuid").NotNull().AddIndex(index => index.Name = "ix_attachment_owner_id");
        table.AddColumn("content_type", "varchar").NotNull();
        table.AddColumn("size", "bigint").NotNull();
        table.AddColumn("sha256", "varchar").NotNull();
        table.AddColumn("created_at", "timestamp with time zone").NotNull();
        table.AddColumn("content", "bytea").NotNull();
        return table;
    }

    /// <summary>
    /// Queues the file's content in the session's unit of work: it is written by the caller's
    /// <c>SaveChangesAsync</c>, with the event that names it, or not at all.
    /// </summary>
    /// <param name="session">The session that records the event naming the file.</param>
    /// <param name="ownerId">What it is attached to (the ticket, i.e. its stream).</param>
    /// <param name="file">The file as received.</param>
    /// <param name="at">When it was received.</param>
    public static AttachmentInfo Stage(IDocumentSession session, Guid ownerId, IncomingAttachment file, DateTimeOffset at)
    {
        var id = Guid.CreateVersion7(at);
        session.QueueSqlCommand(
            $"insert into {TableName} (id, owner_id, content_type, size, sha256, created_at, content) values (?, ?, ?, ?, ?, ?, ?)",
            id, ownerId, file.ContentType, file.Size, file.Sha256, at, file.Content);
        return new AttachmentInfo(id, file.FileName, file.ContentType, file.Size, file.Sha256);
    }

    /// <summary>A stored file's content, whole: for a file the service itself reads again (a received email it retries), not for downloads.</summary>
    public static async Task<byte[]> ReadAsync(IQuerySession session, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select content from {TableName} where id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[]
            ?? throw new InvalidOperationException($"The content of attachment {id} is missing from {TableName}.");
    }

    /// <summary>
    /// The file as a download: its stored type, its length, <c>Content-Disposition: attachment</c> with
    /// its name, and <c>nosniff</c> so that no browser runs what a customer sent. The caller decides
    /// who may have it.
    /// </summary>
    public static IResult Download(AttachmentInfo attachment) => new AttachmentDownload(attachment);

    private sealed class AttachmentDownload(AttachmentInfo attachment) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var cancellationToken = httpContext.RequestAborted;
            var session = httpContext.RequestServices.GetRequiredService<IQuerySession>();
            await using var connection = session.Database.CreateConnection();
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"select content from {TableName} where id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = attachment.Id });

            // Sequential access streams the value from the server instead of loading it whole.
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"The content of attachment {attachment.Id} is missing from {TableName}.");
            }

            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(attachment.FileName);
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = attachment.ContentType;
            response.ContentLength = attachment.Size;
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            response.Headers.CacheControl = "private";
            response.Headers.ETag = $"\"{attachment.Sha256}\"";
            await using var content = await reader.GetStreamAsync(0, cancellationToken);
            await content.CopyToAsync(response.Body, cancellationToken);
        }
    }
}
