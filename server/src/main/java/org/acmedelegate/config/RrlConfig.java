package org.acmedelegate.config;

/**
 * DNS response-rate limiting over UDP, per source network ({@code /ipv4PrefixLength},
 * {@code /ipv6PrefixLength}) and kind of response. Off by default: CAs validate from few addresses.
 *
 * @param responsesPerSecond answers allowed per network per second for one kind (positive answers)
 * @param errorsPerSecond NXDOMAIN, REFUSED and other errors allowed per network per second
 * @param slip every slip-th limited answer is sent truncated (TC) so real resolvers retry over TCP; 0 never
 * @param window seconds of credit a quiet network may save up (burst = rate x window)
 */
public record RrlConfig(
        boolean enabled,
        int responsesPerSecond,
        int errorsPerSecond,
        int slip,
        int window,
        int ipv4PrefixLength,
        int ipv6PrefixLength) {
    public static final RrlConfig DEFAULT = new RrlConfig(false, 1000, 100, 2, 5, 24, 56);
}
