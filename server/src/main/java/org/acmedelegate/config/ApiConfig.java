package org.acmedelegate.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.account.Cidr;

/**
 * The HTTP API: listen address, optional TLS (PEM certificate chain and PKCS#8 key), proxies whose
 * {@code X-Forwarded-For} is believed, whether {@code /register} is open, and the bcrypt cost.
 */
public record ApiConfig(
        InetSocketAddress listen,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        List<Cidr> trustedProxies,
        boolean disableRegistration,
        int bcryptCost,
        int maxBodyBytes) {

    public ApiConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public boolean tls() {
        return tlsCert.isPresent();
    }
}
