package org.acmedelegate.tls;

import java.util.Optional;
import org.acmedelegate.secrets.SecretBox;
import org.acmedelegate.store.PostgresDatabase;

/**
 * Where the nodes of a cluster share the API certificate, and the lock that lets one node order at a time.
 * A single node shares with nobody ({@link #NONE}: nothing stored, the lock always free).
 */
public interface CertificateShare {
    /** Nothing to share with: a single node on SQLite. */
    CertificateShare NONE = new CertificateShare() {
        @Override
        public Optional<CertificatePair> load() {
            return Optional.empty();
        }

        @Override
        public void save(CertificatePair pair) {}

        @Override
        public Optional<Lock> tryLock() {
            return Optional.of(() -> {});
        }
    };

    /** The certificate the cluster holds, if any. */
    Optional<CertificatePair> load();

    void save(CertificatePair pair);

    /** The ordering lock if no other node holds it now; empty if one does. Never waits. */
    Optional<Lock> tryLock();

    /** A held ordering lock; closing releases it. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The share in the cluster's PostgreSQL database (table {@code api_certificate}, an advisory lock), the
     * private key sealed by {@code secrets}.
     */
    static CertificateShare postgres(PostgresDatabase database, SecretBox secrets) {
        return new PostgresCertificateShare(database, secrets);
    }
}
