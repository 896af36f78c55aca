package org.acmedelegate.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.acmedelegate.account.DomainName;
import org.xbill.DNS.Name;

/** Reads and checks {@code [api.acme]}, for {@link ConfigLoader}. */
final class AcmeConfigReader {
    private AcmeConfigReader() {}

    /** Empty without the table; also when the zone or the store is unusable (their own problems are reported). */
    static Optional<AcmeConfig> read(ConfigFile.Api api, DnsConfig dns, StoreConfig store) {
        ConfigFile.Acme a = api == null ? null : api.acme();
        if (a == null || dns == null || store == null) {
            return Optional.empty();
        }
        Name zone = dns.zone();
        if (api.tlsCert() != null || api.tlsKey() != null) {
            throw new ConfigException(
                    "api.acme",
                    "is set together with api.tls_cert/tls_key; give the certificate"
                            + " files or [api.acme], not both");
        }
        Path dataDir = store.sqlitePath().toAbsolutePath().getParent();
        return Optional.of(new AcmeConfig(
                directory(a.directory()),
                email(a.email()),
                names(a.names(), zone),
                caCertificates(a.caCertificates()),
                keyType(a.keyType()),
                renewBefore(a.renewBefore()),
                retry("api.acme.retry_min", a.retryMin(), AcmeConfig.DEFAULT_RETRY_MIN),
                retryMax(a),
                dataDir));
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

    private static List<String> names(List<String> raw, Name zone) {
        String apex = zone.toString(true).toLowerCase(Locale.ROOT);
        if (raw == null) {
            return List.of(apex);
        }
        if (raw.isEmpty()) {
            throw new ConfigException("api.acme.names", "must name at least one host (leave it out for " + apex + ")");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String key = "api.acme.names[" + i + "]";
            String text = raw.get(i) == null ? "" : raw.get(i).strip().toLowerCase(Locale.ROOT);
            boolean wildcard = text.startsWith("*.");
            String name;
            try {
                name = DomainName.normalize(text);
            } catch (RuntimeException e) {
                throw new ConfigException(key, "not a host name: \"" + raw.get(i) + "\"");
            }
            // The CA asks this server for _acme-challenge.<name>: only names of the served zone can be answered.
            if (!DomainName.isUnder(name, apex)) {
                throw new ConfigException(
                        key,
                        "\"" + raw.get(i) + "\" is outside the served zone " + apex
                                + "; this server can answer the DNS-01 challenge only for names in its zone");
            }
            if (!names.add(wildcard ? "*." + name : name)) {
                throw new ConfigException(key, "\"" + raw.get(i) + "\" is listed twice");
            }
        }
        return new ArrayList<>(names);
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
                    "api.acme.ca_certificates",
                    "cannot read " + file + ": "
                            + (Files.isDirectory(file)
                                    ? "it is a directory"
                                    : e.getClass().getSimpleName()));
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

    private static Duration retryMax(ConfigFile.Acme a) {
        Duration min = retry("api.acme.retry_min", a.retryMin(), AcmeConfig.DEFAULT_RETRY_MIN);
        Duration max = retry("api.acme.retry_max", a.retryMax(), AcmeConfig.DEFAULT_RETRY_MAX);
        if (max.compareTo(min) < 0) {
            throw new ConfigException(
                    "api.acme.retry_max", "must not be shorter than api.acme.retry_min (" + min + ")");
        }
        return max;
    }

    private static Duration retry(String key, Object value, Duration fallback) {
        Duration d = value == null ? fallback : Durations.parse(key, value);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException(key, "must be between 1s and 1d, got " + d);
        }
        return d;
    }
}
