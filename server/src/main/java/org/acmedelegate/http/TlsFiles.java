package org.acmedelegate.http;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.acmedelegate.config.ApiConfig;
import org.acmedelegate.config.ConfigException;

/**
 * The check of the API's TLS files that {@code check-config} and {@code serve} both run before anything
 * listens, so both give the same verdict: the files exist and parse, the key is the certificate's, and
 * the certificate is valid now. A problem is a {@link ConfigException} naming the key and the file; names that
 * clients will refuse or not match are warnings (see {@link TlsNames}).
 */
public final class TlsFiles {
    /**
     * What the certificate says, for check-config to print, and what clients will make of its names
     * ({@link #warnings}: check-config prints them, serve logs them once).
     */
    public record Certificate(
            String subject, List<String> names, String issuer, Instant notAfter, List<String> warnings) {
        public Certificate {
            names = List.copyOf(names);
            warnings = List.copyOf(warnings);
        }
    }

    private TlsFiles() {}

    /** Checks {@code api}'s certificate and key; returns what the leaf certificate says. */
    public static Certificate check(ApiConfig api, Clock clock) {
        Path cert = api.tlsCert().orElseThrow();
        Path key = api.tlsKey().orElseThrow();
        X509Certificate leaf;
        try {
            leaf = (X509Certificate) PemKeyStore.certificates(cert).get(0);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("api.tls_cert", e.getMessage());
        }
        Instant now = clock.instant();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw new ConfigException(
                    "api.tls_cert",
                    "the certificate in " + cert + " (" + describe(leaf) + ") expired on "
                            + leaf.getNotAfter().toInstant() + "; install a renewed one");
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            throw new ConfigException(
                    "api.tls_cert",
                    "the certificate in " + cert + " is not valid before "
                            + leaf.getNotBefore().toInstant() + "; check the clock");
        }
        try {
            PemKeyStore.load(cert, key, new char[] {'x'});
        } catch (IllegalArgumentException e) {
            throw new ConfigException("api.tls_key", e.getMessage());
        }
        return new Certificate(
                leaf.getSubjectX500Principal().getName(),
                TlsNames.of(leaf),
                leaf.getIssuerX500Principal().getName(),
                leaf.getNotAfter().toInstant(),
                TlsNames.warnings(leaf, cert, api.listen()));
    }

    private static String describe(X509Certificate c) {
        return "for " + TlsNames.of(c) + ", issued by "
                + c.getIssuerX500Principal().getName();
    }
}
