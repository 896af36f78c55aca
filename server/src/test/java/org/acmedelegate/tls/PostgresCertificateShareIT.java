package org.acmedelegate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.config.AcmeConfig;
import org.acmedelegate.config.ConfigException;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.secrets.SecretBox;
import org.acmedelegate.secrets.SecretsKeyFile;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.PostgresPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes on one PostgreSQL database share the API certificate and take turns ordering it. */
class PostgresCertificateShareIT {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    @TempDir
    Path dir;

    private PostgresDatabase node1;
    private PostgresDatabase node2;
    private SecretBox secrets;

    @BeforeEach
    void openTwoNodes() throws Exception {
        PostgresConfig database = POSTGRES.server().newDatabase();
        node1 = PostgresDatabase.open(database);
        node2 = PostgresDatabase.open(database);
        secrets = SecretsKeyFile.loadOrCreate(dir.resolve("secrets.key"), new SecureRandom());
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
    }

    @Test
    void onlyOneNodeHoldsTheOrderingLockAtATimeAndClosingItLetsTheNextOneOrder() {
        CertificateShare first = CertificateShare.postgres(node1, secrets);
        CertificateShare second = CertificateShare.postgres(node2, secrets);
        Optional<CertificateShare.Lock> held = first.tryLock();
        assertThat(held).isPresent();
        assertThat(second.tryLock()).isEmpty();
        assertThat(first.tryLock()).as("not even the same node twice").isEmpty();
        held.get().close();
        Optional<CertificateShare.Lock> next = second.tryLock();
        assertThat(next).isPresent();
        next.get().close();
    }

    @Test
    void everyNodeReadsTheCertificateAnotherNodeStoredAndTheNewestReplacesIt() {
        CertificateShare first = CertificateShare.postgres(node1, secrets);
        CertificateShare second = CertificateShare.postgres(node2, secrets);
        assertThat(second.load()).isEmpty();
        CertificatePair issued = SelfSignedCertificate.create(
                List.of("auth.example.test"), AcmeConfig.KeyType.EC_P256, Clock.systemUTC());
        first.save(issued);
        assertThat(second.load()).contains(issued);
        CertificatePair renewed = SelfSignedCertificate.create(
                List.of("auth.example.test"), AcmeConfig.KeyType.RSA_2048, Clock.systemUTC());
        second.save(renewed);
        assertThat(first.load()).contains(renewed);
    }

    @Test
    void thePrivateKeyIsStoredSealedWithTheSecretsKeyFile() throws Exception {
        CertificatePair issued = SelfSignedCertificate.create(
                List.of("auth.example.test"), AcmeConfig.KeyType.EC_P256, Clock.systemUTC());
        CertificateShare.postgres(node1, secrets).save(issued);

        assertThat(storedKey()).startsWith("sealed:").doesNotContain("PRIVATE KEY");
        assertThat(CertificateShare.postgres(node2, secrets).load()).contains(issued);
    }

    @Test
    void aNodeWithAnotherSecretsKeyFileIsToldWhyItCannotReadTheKey() {
        CertificatePair issued = SelfSignedCertificate.create(
                List.of("auth.example.test"), AcmeConfig.KeyType.EC_P256, Clock.systemUTC());
        CertificateShare.postgres(node1, secrets).save(issued);
        SecretBox other = SecretsKeyFile.loadOrCreate(dir.resolve("other.key"), new SecureRandom());

        assertThatThrownBy(() -> CertificateShare.postgres(node2, other).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.secrets_key_file")
                .hasMessageContaining("does not open with this node's secrets key file");
    }

    @Test
    void aRowStoredBeforeSealingIsStillRead() throws Exception {
        CertificatePair issued = SelfSignedCertificate.create(
                List.of("auth.example.test"), AcmeConfig.KeyType.EC_P256, Clock.systemUTC());
        try (Connection c = node1.pool().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO api_certificate (id, chain_pem, key_pem, updated_at) VALUES (1, ?, ?, 0)")) {
            s.setString(1, issued.chainPem());
            s.setString(2, issued.keyPem());
            s.executeUpdate();
        }

        assertThat(CertificateShare.postgres(node2, secrets).load()).contains(issued);
    }

    private String storedKey() throws Exception {
        try (Connection c = node1.pool().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT key_pem FROM api_certificate WHERE id = 1");
                ResultSet rows = s.executeQuery()) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
