package org.acmedelegate.tls;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What one order brought: the certificate and key, and the CA's renewal window (RFC 9773) if it offers one. */
record Issued(CertificatePair pair, Optional<Instant[]> renewalWindow) {
    Issued {
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(renewalWindow, "renewalWindow");
    }
}
