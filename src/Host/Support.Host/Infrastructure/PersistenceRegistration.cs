using JasperFx;
using JasperFx.Events;
using Marten;
using Weasel.Core;

namespace Support.Host.Infrastructure;

internal static class PersistenceRegistration
{
    /// <summary>
    /// One Marten store for every module: documents in each module's own schema (registered by the
    /// module), the ticket streams in <c>events</c>; the schema is created or updated at start.
    /// </summary>
    public static IServiceCollection AddSupportStore(this IServiceCollection services, string connectionString)
    {
        services.AddMarten((StoreOptions options) =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = "support";
                options.Events.DatabaseSchemaName = "events";
                options.Events.StreamIdentity = StreamIdentity.AsGuid;

                // Quick append: one round trip per append instead of reading the stream first; the projections
                // use only event data, so the metadata it omits inside inline projections is not needed.
                options.Events.AppendMode = EventAppendMode.Quick;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;
                // Marten's LINQ must know the casing and enum storage to translate queries, so the store
                // uses its own settings (camelCase, enum names) rather than the API's snake_case enums.
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        return services;
    }
}
