package org.acmedelegate.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.acmedelegate.TestClock;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The 30-second look at the cluster's shared certificate logs a lasting fault once, and its end once. */
class SharePickUpTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-12-04T00:00:00Z"));

    /** A share whose reads fail with {@link #fault} while it is set. */
    private static final class FailingShare implements CertificateShare {
        volatile String fault;

        @Override
        public Optional<CertificatePair> load() {
            if (fault != null) {
                throw new StoreException(fault);
            }
            return Optional.empty();
        }

        @Override
        public void save(CertificatePair pair) {}

        @Override
        public Optional<Lock> tryLock() {
            return Optional.empty();
        }
    }

    @Test
    void aLastingFaultIsLoggedOnceAndItsEndOnce(@TempDir Path dir) throws Exception {
        FailingShare share = new FailingShare();
        Logger logger = (Logger) LoggerFactory.getLogger(ApiCertificate.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        Level oldLevel = logger.getLevel();
        logger.setLevel(Level.INFO);
        try (SqliteAccountStore store = SqliteAccountStore.open(dir.resolve("db.sqlite"))) {
            try (ApiCertificate certificate =
                    UnreachableCa.prepare(UnreachableCa.config(dir.resolve("data")), store, clock, share)) {
                logs.list.clear();

                share.fault = "database unreachable";
                certificate.pickUp();
                certificate.pickUp();
                certificate.pickUp();
                share.fault = "sealed with another secrets key";
                certificate.pickUp();
                certificate.pickUp();
                share.fault = null;
                certificate.pickUp();
                certificate.pickUp();
                share.fault = "database unreachable";
                certificate.pickUp();
            }
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(oldLevel);
        }
        assertThat(logs.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                        .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                        .toList())
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("WARN").contains("database unreachable"),
                        line -> assertThat(line).startsWith("WARN").contains("sealed with another secrets key"),
                        line -> assertThat(line).startsWith("INFO").contains("answers the look for a newer one again"),
                        line -> assertThat(line).startsWith("WARN").contains("database unreachable"));
    }
}
