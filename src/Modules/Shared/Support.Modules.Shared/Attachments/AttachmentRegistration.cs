using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Support.Modules.Shared.Attachments;

public static class AttachmentRegistration
{
    /// <summary>
    /// The attachment settings and table, once per container whichever module asks first (Intake takes
    /// files at intake, Triage later).
    /// </summary>
    public static IServiceCollection AddAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(AttachmentsRegistered)))
        {
            return services;
        }

        services.AddSingleton<AttachmentsRegistered>();
        services.AddOptions<AttachmentOptions>()
            .Bind(configuration.GetSection(AttachmentOptions.Section))
            .Validate(o => o.MaxBytes > 0 && o.MaxRequestBytes > 0 && o.MaxFilesPerRequest > 0,
                $"{AttachmentOptions.Section}: MaxBytes, MaxRequestBytes and MaxFilesPerRequest must be positive.")
            .ValidateOnStart();
        services.ConfigureMarten(marten => marten.Storage.ExtendedSchemaObjects.Add(AttachmentStore.Table()));
        return services;
    }

    /// <summary>
    /// Lets this endpoint take a body as large as its files may be, though the service's default limit
    /// (<c>Support:Http:MaxRequestBodyBytes</c>) is smaller: routing raises the server's limit for it,
    /// and the host's own body-limit check reads the same metadata.
    /// </summary>
    public static RouteHandlerBuilder AcceptsAttachments(this RouteHandlerBuilder builder)
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new AttachmentRequestSizeLimit(
            endpoint.ApplicationServices.GetRequiredService<IOptions<AttachmentOptions>>().Value.RequestLimit)));
        return builder;
    }

    private sealed class AttachmentsRegistered;

    private sealed class AttachmentRequestSizeLimit(long maxRequestBodySize) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxRequestBodySize;
    }
}
