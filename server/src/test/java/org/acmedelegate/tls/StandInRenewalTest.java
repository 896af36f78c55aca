package org.acmedelegate.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.acmedelegate.TestClock;
import org.acmedelegate.config.AcmeConfig;
import org.acmedelegate.store.SqliteAccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CA out of reach for longer than the self-signed stand-in lives: the API gets a fresh stand-in in time. */
class StandInRenewalTest {
    private static final Instant START = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void aStandInAboutToExpireIsReplacedAndOneWithTimeLeftIsKept(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(START);
        AcmeConfig config = UnreachableCa.config(dir.resolve("data"));
        try (SqliteAccountStore store = SqliteAccountStore.open(dir.resolve("db.sqlite"));
                ApiCertificate certificate = UnreachableCa.prepare(config, store, clock, CertificateShare.NONE)) {
            Instant firstEnd = notAfter(certificate);
            assertThat(firstEnd).isEqualTo(START.plus(SelfSignedCertificate.LIFETIME));

            clock.advance(Duration.between(
                    clock.instant(),
                    firstEnd.minus(ApiCertificate.STAND_IN_RENEW_BEFORE).minus(Duration.ofMinutes(1))));
            certificate.renewStandInIfDue();
            assertThat(notAfter(certificate)).as("still has more than 12 h").isEqualTo(firstEnd);

            clock.advance(Duration.between(clock.instant(), firstEnd.minus(Duration.ofHours(11))));
            certificate.renewStandInIfDue();
            assertThat(notAfter(certificate)).isEqualTo(clock.instant().plus(SelfSignedCertificate.LIFETIME));
            assertThat(certificate.status()).containsEntry("self_signed", true);
            assertThat(new CertificateFiles(config.dataDir())
                            .read()
                            .orElseThrow()
                            .leaf()
                            .getNotAfter()
                            .toInstant())
                    .as("the files the listener serves")
                    .isEqualTo(notAfter(certificate));
        }
    }

    private static Instant notAfter(ApiCertificate certificate) {
        return Instant.parse((String) certificate.status().get("not_after"));
    }
}
