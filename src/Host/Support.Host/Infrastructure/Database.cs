using Npgsql;

namespace Support.Host.Infrastructure;

internal static class Database
{
    /// <summary>
    /// The PostgreSQL connection string (<c>ConnectionStrings:Support</c>), with the setting that lets
    /// PostgreSQL notice a dead client within a second, so advisory locks held by a killed host are freed.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Support");
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Support is not set. Start the service with build/run.sh, which runs its own PostgreSQL, or set ConnectionStrings__Support.");
        }

        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = "-c client_connection_check_interval=1000";
        }

        return builder.ConnectionString;
    }
}
