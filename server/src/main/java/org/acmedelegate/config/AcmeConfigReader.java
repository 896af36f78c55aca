package org.acmedelegate.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.acmedelegate.account.DomainName;
import org.xbill.DNS.Name;

/** Reads and checks {@code [api.acme]}, for {@link ConfigLoader}. */
final class AcmeConfigReader {
    private AcmeConfigReader() {}

    /**
     * Empty without the table; null when a key of it is wrong, or when the zone or the store is unusable (their
     * own problems are reported; the table's keys are still checked).
     */
    static Optional<AcmeConfig> read(ConfigFile.Api api, DnsConfig dns, StoreConfig store, ConfigProblems problems) {
        ConfigFile.Acme a = api == null ? null : api.acme();
        if (a == null) {
            return Optional.empty();
        }
        ConfigProblems.Section s = problems.section();
        s.check(() -> {
            if (api.tlsCert() != null || api.tlsKey() != null) {
                throw new ConfigException(
                        "api.acme",
                        "is set together with api.tls_cert/tls_key; give the certificate"
                                + " files or [api.acme], not both");
            }
        });
        URI directory = s.read("api.acme.directory", () -> directory(a.directory()));
        Optional<String> email = s.read("api.acme.email", () -> email(a.email()));
        List<String> names = dns == null ? null : names(a.names(), dns.zone(), s);
        Optional<Path> ca = s.read("api.acme.ca_certificates", () -> caCertificates(a.caCertificates()));
        AcmeConfig.KeyType keyType = s.read("api.acme.key_type", () -> keyType(a.keyType()));
        Optional<Duration> renewBefore = s.read("api.acme.renew_before", () -> renewBefore(a.renewBefore()));
        Duration retryMin = s.read(
                "api.acme.retry_min", () -> retry("api.acme.retry_min", a.retryMin(), AcmeConfig.DEFAULT_RETRY_MIN));
        Duration retryMax = s.read(
                "api.acme.retry_max", () -> retry("api.acme.retry_max", a.retryMax(), AcmeConfig.DEFAULT_RETRY_MAX));
        s.check(
                () -> {
                    if (retryMax.compareTo(retryMin) < 0) {
                        throw new ConfigException(
                                "api.acme.retry_max", "must not be shorter than api.acme.retry_min (" + retryMin + ")");
                    }
                },
                retryMin,
                retryMax);
        if (dns == null || store == null) {
            return null;
        }
        Path dataDir = store.sqlitePath().toAbsolutePath().getParent();
        AcmeConfig acme = s.build(
                () -> new AcmeConfig(directory, email, names, ca, keyType, renewBefore, retryMin, retryMax, dataDir));
        return acme == null ? null : Optional.of(acme);
    }

    private static URI directory(String text) {
        if (text == null || text.isBlank() || text.strip().equals("letsencrypt")) {
            return AcmeConfig.LETS_ENCRYPT;
        }
        if (text.strip().equals("letsencrypt-staging")) {
            return AcmeConfig.LETS_ENCRYPT_STAGING;
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("api.acme.directory", "not a URL: \"" + text + "\"");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException(
                    "api.acme.directory",
                    "must be an https:// URL of an ACME directory (or"
                            + " \"letsencrypt\", \"letsencrypt-staging\"), got \"" + text + "\"");
        }
        return uri;
    }

    private static Optional<String> email(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String e = text.strip();
        if (!e.matches("[^@\\s:]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+")) {
            throw new ConfigException("api.acme.email", "not an e-mail address: \"" + text + "\"");
        }
        return Optional.of(e);
    }

    private static List<String> names(List<String> raw, Name zone, ConfigProblems.Section s) {
        String apex = zone.toString(true).toLowerCase(Locale.ROOT);
        if (raw == null) {
            return List.of(apex);
        }
        if (raw.isEmpty()) {
            return s.read("api.acme.names", () -> {
                throw new ConfigException(
                        "api.acme.names", "must name at least one host (leave it out for " + apex + ")");
            });
        }
        Set<String> seen = new HashSet<>();
        return s.list("api.acme.names", raw, (key, given) -> {
            String text = given == null ? "" : given.strip().toLowerCase(Locale.ROOT);
            boolean wildcard = text.startsWith("*.");
            String name;
            try {
                name = DomainName.normalize(text);
            } catch (RuntimeException e) {
                throw new ConfigException(key, "not a host name: \"" + given + "\"");
            }
            // The CA asks this server for _acme-challenge.<name>: only names of the served zone can be answered.
            if (!DomainName.isUnder(name, apex)) {
                throw new ConfigException(
                        key,
                        "\"" + given + "\" is outside the served zone " + apex
                                + "; this server can answer the DNS-01 challenge only for names in its zone");
            }
            String written = wildcard ? "*." + name : name;
            if (!seen.add(written)) {
                throw new ConfigException(key, "\"" + given + "\" is listed twice");
            }
            return written;
        });
    }

    private static Optional<Path> caCertificates(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(text);
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new ConfigException("api.acme.ca_certificates", file + " holds no PEM certificate");
            }
        } catch (IOException e) {
            throw new ConfigException(
                    "api.acme.ca_certificates", "cannot read " + file + ": " + Unreadable.why(file, e));
        } catch (CertificateException e) {
            throw new ConfigException("api.acme.ca_certificates", file + " is not a PEM certificate bundle");
        }
        return Optional.of(file);
    }

    private static AcmeConfig.KeyType keyType(String text) {
        if (text == null) {
            return AcmeConfig.KeyType.EC_P256;
        }
        for (AcmeConfig.KeyType t : AcmeConfig.KeyType.values()) {
            if (t.configName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new ConfigException(
                "api.acme.key_type", "must be \"ec-p256\", \"rsa-2048\" or \"rsa-3072\", got \"" + text + "\"");
    }

    private static Optional<Duration> renewBefore(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        Duration d = Durations.parse("api.acme.renew_before", value);
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(
                    "api.acme.renew_before",
                    "must be at least 1s (leave it out for a third of" + " the certificate's lifetime)");
        }
        return Optional.of(d);
    }

    private static Duration retry(String key, Object value, Duration fallback) {
        Duration d = value == null ? fallback : Durations.parse(key, value);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException(key, "must be between 1s and 1d, got " + d);
        }
        return d;
    }
}
