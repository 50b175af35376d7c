using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Support.Modules.Shared.Secrets;

/// <summary>
/// The Data Protection key ring, kept in the service's PostgreSQL database: every host and every
/// restart reads the same keys, so what one host protected any other can unprotect. One row per
/// element the key manager writes (keys and revocations), never updated or deleted.
/// </summary>
/// <remarks>
/// The key manager calls this synchronously, so it uses Npgsql's synchronous commands on a connection
/// of Marten's data source rather than blocking on Marten's asynchronous session. Calls are rare: the
/// ring is read at start and when its cache expires (a day), and written when a key is created.
/// </remarks>
internal sealed class PostgresXmlRepository(IDocumentStore store, ILogger<PostgresXmlRepository> logger) : IXmlRepository
{
    public const string SchemaName = "dataprotection";
    public const string TableName = SchemaName + ".key_element";

    /// <summary>The table, created with the rest of the schema when the host starts (before the key ring is read).</summary>
    public static Table Table()
    {
        var table = new Table(TableName);
        table.AddColumn("id", "uuid").AsPrimaryKey();
        table.AddColumn("friendly_name", "varchar");
        table.AddColumn("xml", "text").NotNull();
        table.AddColumn("stored_at", "timestamp with time zone").NotNull();
        return table;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = store.Storage.Database.CreateConnection();
        connection.Open();
        using var command = new NpgsqlCommand($"select xml from {TableName} order by stored_at, id", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = store.Storage.Database.CreateConnection();
        connection.Open();
        using var command = new NpgsqlCommand(
            $"insert into {TableName} (id, friendly_name, xml, stored_at) values ($1, $2, $3, now())", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)friendlyName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
        logger.LogInformation(
            "Stored Data Protection element {FriendlyName} in {Table}, not encrypted at rest (docs/adr/0011).", friendlyName, TableName);
    }
}
