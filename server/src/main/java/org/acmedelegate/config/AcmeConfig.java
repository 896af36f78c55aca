package org.acmedelegate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [api.acme]}: the API's own certificate from an ACME CA, validated through this server's DNS.
 *
 * @param names the certificate's names, each inside the served zone (default: the zone's own name)
 * @param caCertificates PEM bundle trusted for the CA's directory (a private CA); empty: the JDK's roots
 * @param renewBefore how long before expiry to renew; empty: a third of the lifetime (or the CA's ARI window)
 * @param retryMin the first wait after a failed attempt; it doubles up to {@code retryMax}
 * @param dataDir where the account key and the certificate are kept (the store's data folder)
 */
public record AcmeConfig(
        URI directory,
        Optional<String> email,
        List<String> names,
        Optional<Path> caCertificates,
        KeyType keyType,
        Optional<Duration> renewBefore,
        Duration retryMin,
        Duration retryMax,
        Path dataDir) {
    public static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");
    public static final URI LETS_ENCRYPT_STAGING = URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");
    public static final Duration DEFAULT_RETRY_MIN = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofHours(6);

    /** The certificate key's algorithm and size. */
    public enum KeyType {
        EC_P256("ec-p256"),
        RSA_2048("rsa-2048"),
        RSA_3072("rsa-3072");

        private final String configName;

        KeyType(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    public AcmeConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(email, "email");
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("names must not be empty");
        }
        Objects.requireNonNull(caCertificates, "caCertificates");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(renewBefore, "renewBefore");
        if (retryMin.compareTo(retryMax) > 0) {
            throw new IllegalArgumentException("retryMin must not exceed retryMax");
        }
        Objects.requireNonNull(dataDir, "dataDir");
    }
}
