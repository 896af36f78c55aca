package org.acmedelegate.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A certificate chain (leaf first) and its private key, as PEM text; both parse, or it cannot be made. */
public record CertificatePair(String chainPem, String keyPem) {
    public CertificatePair {
        Objects.requireNonNull(chainPem, "chainPem");
        Objects.requireNonNull(keyPem, "keyPem");
        KeyPairs.chain(chainPem);
        KeyPairs.keyPair(keyPem);
    }

    X509Certificate leaf() {
        return KeyPairs.chain(chainPem).get(0);
    }

    /** Made by this server while it had no certificate from the CA. */
    boolean selfSigned() {
        X509Certificate leaf = leaf();
        return leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
    }

    /** The DNS names of the leaf, lower case, in certificate order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            if (leaf().getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf().getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension: no names, so the certificate is ordered anew
        }
        return names;
    }
}
