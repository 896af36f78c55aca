package org.acmedelegate.tls;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import org.acmedelegate.config.ConfigException;
import org.acmedelegate.secrets.SecretBox;
import org.acmedelegate.store.PostgresDatabase;

/**
 * The API certificate in PostgreSQL: one row of {@code api_certificate}, and a session advisory lock on a
 * connection of its own (outside the pool, so closing it surely releases the lock, also when the node dies).
 * The private key is stored sealed with the secrets key file (as TSIG secrets are), so a copy of the database
 * alone does not hold it; a row from before sealing (plain PEM) is still read, and sealed at the next renewal.
 */
final class PostgresCertificateShare implements CertificateShare {
    // Any fixed number; only this server takes advisory locks in its database.
    private static final long LOCK = 0x61636d6564656cL;

    private static final String SEALED = "sealed:";
    private static final String CONTEXT = "api_certificate.key_pem";

    private final PostgresDatabase database;
    private final SecretBox secrets;

    PostgresCertificateShare(PostgresDatabase database, SecretBox secrets) {
        this.database = database;
        this.secrets = secrets;
    }

    @Override
    public Optional<CertificatePair> load() {
        try (Connection c = database.pool().getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT chain_pem, key_pem FROM api_certificate WHERE id = 1");
                ResultSet rows = s.executeQuery()) {
            return rows.next()
                    ? Optional.of(new CertificatePair(rows.getString(1), open(rows.getString(2))))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the API certificate from the database: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(CertificatePair pair) {
        try (Connection c = database.pool().getConnection();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO api_certificate (id, chain_pem, key_pem, updated_at)"
                                + " VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET chain_pem = EXCLUDED.chain_pem,"
                                + " key_pem = EXCLUDED.key_pem, updated_at = EXCLUDED.updated_at")) {
            s.setString(1, pair.chainPem());
            s.setString(2, seal(pair.keyPem()));
            s.setLong(3, System.currentTimeMillis());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the API certificate in the database: " + e.getMessage(), e);
        }
    }

    private String seal(String keyPem) {
        byte[] sealed = secrets.seal(keyPem.getBytes(StandardCharsets.UTF_8), CONTEXT);
        return SEALED + Base64.getEncoder().encodeToString(sealed);
    }

    private String open(String stored) {
        if (!stored.startsWith(SEALED)) {
            return stored;
        }
        try {
            byte[] sealed = Base64.getDecoder().decode(stored.substring(SEALED.length()));
            return new String(secrets.open(sealed, CONTEXT), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | SecretBox.SecretException e) {
            // A setting to fix, not a fault to wait out: at start it stops the server (exit 78) with this message.
            throw new ConfigException(
                    "store.secrets_key_file",
                    "the API certificate's key in the database does not open with this node's secrets key file"
                            + " (every node needs the same file): " + e.getMessage());
        }
    }

    @Override
    public Optional<Lock> tryLock() {
        Connection c = null;
        try {
            c = database.dedicatedConnection();
            try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                s.setLong(1, LOCK);
                try (ResultSet rows = s.executeQuery()) {
                    if (rows.next() && rows.getBoolean(1)) {
                        Connection held = c;
                        c = null;
                        return Optional.of(() -> close(held));
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the ordering lock in the database: " + e.getMessage(), e);
        } finally {
            close(c);
        }
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // the server ends the session, and with it the lock, when the connection goes
        }
    }
}
