package org.acmedelegate.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.config.AcmeConfig;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.PostgresPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes on one PostgreSQL database share the API certificate and take turns ordering it. */
class PostgresCertificateShareIT {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    private PostgresDatabase node1;
    private PostgresDatabase node2;

    @BeforeEach
    void openTwoNodes() throws Exception {
        PostgresConfig database = POSTGRES.server().newDatabase();
        node1 = PostgresDatabase.open(database);
        node2 = PostgresDatabase.open(database);
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
    }

    @Test
    void onlyOneNodeHoldsTheOrderingLockAtATimeAndClosingItLetsTheNextOneOrder() {
        CertificateShare first = CertificateShare.postgres(node1);
        CertificateShare second = CertificateShare.postgres(node2);
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
        CertificateShare first = CertificateShare.postgres(node1);
        CertificateShare second = CertificateShare.postgres(node2);
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
}
