using System.Net;
using System.Net.Sockets;

namespace Support.Modules.Notifications.Webhooks;

/// <summary>
/// Where webhooks may post: http(s) URLs only, and, unless
/// <see cref="WebhookOptions.AllowPrivateNetworkTargets"/> is set, never to the service's own network:
/// a registered URL must not name or resolve to a private, loopback, link-local or unspecified
/// address, and each delivery checks the addresses it connects to again (DNS can change after registration).
/// </summary>
internal static class WebhookTargets
{
    public const int MaxUrlLength = 2048;
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The validators' rule for <c>url</c>.</summary>
    public static void Validate<T>(string? url, FluentValidation.ValidationContext<T> context)
    {
        if (UrlProblem(url) is { } problem)
        {
            context.AddFailure(problem);
        }
    }

    /// <summary>An absolute http or https URL with a host; the fault, else null.</summary>
    public static string? UrlProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "'url' is required: where the events are posted, e.g. https://partner.example/support-events.";
        }

        if (url.Length > MaxUrlLength)
        {
            return $"'url' is longer than {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "'url' must be an absolute URL, e.g. https://partner.example/support-events.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return $"'url' must be an http or https URL, not {uri.Scheme}.";
        }

        return uri.UserInfo.Length > 0 ? "'url' must not carry a user name or password: authenticate deliveries with their signature." : null;
    }

    /// <summary>
    /// At registration: the reason the URL's host may not be posted to, else null. A host that does
    /// not resolve (yet) is accepted: each delivery checks again, and fails until it resolves.
    /// </summary>
    public static async Task<string?> RefusalAsync(string url, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        if (allowPrivateNetworks)
        {
            return null;
        }

        var host = new Uri(url).IdnHost;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            // A slow resolver must not hold the request: the delivery checks again anyway.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ResolveTimeout);
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            }
            catch (Exception exception) when (exception is SocketException or ArgumentException
                || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return null;
            }
        }

        return addresses.FirstOrDefault(a => !IsPublic(a)) is { } refused
            ? $"'url' points to {refused}, a private, loopback, link-local or otherwise internal address: webhooks are posted to public addresses only."
            : null;
    }

    /// <summary>
    /// The connection of every delivery: resolves the host, refuses (when private networks are not
    /// allowed) any address that is not public, and connects to the address it checked, so a DNS
    /// answer that changes between the check and the connection cannot slip through.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(bool allowPrivateNetworks) =>
        async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            if (!allowPrivateNetworks && addresses.FirstOrDefault(a => !IsPublic(a)) is { } refused)
            {
                throw new WebhookTargetRefusedException($"{host} resolves to {refused}, which is not a public address: not posted.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    /// <summary>
    /// Whether an address is on the public internet: not unspecified, loopback, private (RFC 1918,
    /// unique local), link-local, shared (carrier-grade NAT), multicast, broadcast or reserved; IPv4
    /// addresses inside IPv6 ones (mapped, NAT64, 6to4) are judged as the IPv4 address they carry.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublicV4(address.MapToIPv4().GetAddressBytes());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsPublicV4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return false;
        }

        // ::/96 (IPv4-compatible, deprecated) and the other addresses whose first 80 bits are zero.
        if (bytes.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0)
        {
            return false;
        }

        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 address.
        if (bytes is [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..])
        {
            return IsPublicV4(bytes[12..]);
        }

        if (bytes is [0x20, 0x02, ..])
        {
            return IsPublicV4(bytes[2..6]);
        }

        // 2001:db8::/32 is for documentation; 100::/64 discards.
        return !(bytes is [0x20, 0x01, 0x0d, 0xb8, ..]) && !(bytes is [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..]);
    }

    private static bool IsPublicV4(byte[] b) => b switch
    {
        [0, ..] => false,                                  // 0.0.0.0/8: unspecified, "this network"
        [10, ..] => false,                                 // 10/8: private
        [100, >= 64 and <= 127, ..] => false,              // 100.64/10: carrier-grade NAT
        [127, ..] => false,                                // loopback
        [169, 254, ..] => false,                           // link-local (cloud metadata services live here)
        [172, >= 16 and <= 31, ..] => false,               // 172.16/12: private
        [192, 0, 0, ..] => false,                          // 192.0.0/24: IETF protocol assignments
        [192, 168, ..] => false,                           // 192.168/16: private
        [198, 18 or 19, ..] => false,                      // 198.18/15: benchmarking
        [>= 224, ..] => false,                             // multicast, reserved, broadcast
        _ => true,
    };
}

/// <summary>A delivery's target resolved to an address webhooks may not be posted to.</summary>
internal sealed class WebhookTargetRefusedException(string message) : Exception(message);
