package org.acmedelegate.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.account.Cidr;

/**
 * The HTTP API: listen address, optional TLS (PEM certificate chain and PKCS#8, SEC1 or PKCS#1 key, re-read when the
 * files change), proxies whose {@code X-Forwarded-For} is believed, who may {@code /register}, the
 * bcrypt cost, the body limit and the origins allowed by CORS (none: CORS off).
 */
public record ApiConfig(
        InetSocketAddress listen,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        List<Cidr> trustedProxies,
        boolean disableRegistration,
        int bcryptCost,
        int maxBodyBytes,
        RegistrationMode registration,
        List<RegistrationToken> registrationTokens,
        List<String> corsOrigins,
        Duration tlsReloadInterval) {

    public static final Duration DEFAULT_TLS_RELOAD = Duration.ofMinutes(1);

    public ApiConfig {
        trustedProxies = List.copyOf(trustedProxies);
        registrationTokens = List.copyOf(registrationTokens);
        corsOrigins = List.copyOf(corsOrigins);
        // disable_registration is the acme-dns spelling of closed registration.
        if (disableRegistration) {
            registration = RegistrationMode.CLOSED;
        }
    }

    /** Open registration, no tokens, no CORS: the acme-dns behaviour. */
    public ApiConfig(
            InetSocketAddress listen,
            Optional<Path> tlsCert,
            Optional<Path> tlsKey,
            List<Cidr> trustedProxies,
            boolean disableRegistration,
            int bcryptCost,
            int maxBodyBytes) {
        this(
                listen,
                tlsCert,
                tlsKey,
                trustedProxies,
                disableRegistration,
                bcryptCost,
                maxBodyBytes,
                RegistrationMode.OPEN,
                List.of(),
                List.of(),
                DEFAULT_TLS_RELOAD);
    }

    public boolean tls() {
        return tlsCert.isPresent();
    }
}
