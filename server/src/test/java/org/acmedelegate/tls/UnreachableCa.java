package org.acmedelegate.tls;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.TestClock;
import org.acmedelegate.config.AcmeConfig;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.TestAccountService;
import org.acmedelegate.store.SqliteAccountStore;
import org.xbill.DNS.Name;

/** An {@link ApiCertificate} for {@code auth.example.org} whose CA nobody answers: for what it does without one. */
final class UnreachableCa {
    static final Name ZONE = Name.fromConstantString("auth.example.org.");

    private UnreachableCa() {}

    static AcmeConfig config(Path dataDir) {
        return new AcmeConfig(
                URI.create("https://127.0.0.1:1/dir"),
                Optional.empty(),
                List.of("auth.example.org"),
                Optional.empty(),
                AcmeConfig.KeyType.EC_P256,
                Optional.empty(),
                AcmeConfig.DEFAULT_RETRY_MIN,
                AcmeConfig.DEFAULT_RETRY_MAX,
                dataDir);
    }

    /** Prepared (a stand-in or the stored certificate served), not started: a test drives its tasks. */
    static ApiCertificate prepare(
            AcmeConfig config, SqliteAccountStore store, TestClock clock, CertificateShare share) {
        ChallengeIndex index = new ChallengeIndex(ZONE, clock, Duration.ofHours(1), 0);
        return ApiCertificate.prepare(
                config,
                store,
                index,
                TestAccountService.create(store, index, TxtConfig.DEFAULT, clock),
                clock,
                new Metrics(),
                share);
    }
}
