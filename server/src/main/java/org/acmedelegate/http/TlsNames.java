package org.acmedelegate.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.acmedelegate.account.IpLiteral;

/**
 * What the API certificate's names mean for the clients that will connect: a certificate that names its host
 * only in the subject's CN is refused by Go and Python clients, and one that does not name the address the API
 * listens on can only be reached by one of the names it lists. Both still serve, so they are warnings.
 */
final class TlsNames {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private TlsNames() {}

    /** The names a client may connect by: the subjectAltNames, else the subject (the names are then missing). */
    static List<String> of(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        for (List<?> san : alternativeNames(certificate)) {
            names.add(String.valueOf(san.get(1)));
        }
        if (names.isEmpty()) {
            names.add(certificate.getSubjectX500Principal().getName());
        }
        return names;
    }

    /** The warnings for {@code certificate} (from {@code file}) on an API that listens on {@code listen}. */
    static List<String> warnings(X509Certificate certificate, Path file, InetSocketAddress listen) {
        List<List<?>> sans = alternativeNames(certificate);
        if (sans.stream().noneMatch(san -> kind(san) == DNS_NAME || kind(san) == IP_ADDRESS)) {
            return List.of("api.tls_cert: the certificate in " + file + " has no subjectAltName, only the subject "
                    + certificate.getSubjectX500Principal().getName()
                    + "; Go and Python TLS clients (lego, certbot-dns-acmedns, acme.sh with some curl builds)"
                    + " refuse it, so issue one that lists the API's host names as subjectAltName");
        }
        InetAddress address = listen.getAddress();
        if (address.isAnyLocalAddress() || sans.stream().anyMatch(san -> names(san, address))) {
            return List.of();
        }
        return List.of("api.listen: the API listens on " + address.getHostAddress() + ", an address the certificate in "
                + file + " does not name; clients must connect by one of the names it lists: " + of(certificate));
    }

    private static boolean names(List<?> san, InetAddress address) {
        if (kind(san) != IP_ADDRESS) {
            return false;
        }
        try {
            return IpLiteral.parse(String.valueOf(san.get(1))).equals(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int kind(List<?> san) {
        return ((Number) san.get(0)).intValue();
    }

    private static List<List<?>> alternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            return sans == null ? List.of() : List.copyOf(sans);
        } catch (CertificateParsingException e) {
            // an unreadable extension names nothing a client could match
            return List.of();
        }
    }
}
