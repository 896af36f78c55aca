package org.acmedelegate;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.cluster.ChangeFollower;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.ServedZone;
import org.acmedelegate.http.RateLimiter;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.secrets.SecretBox;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.TsigKeys;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.TsigKeyStore;
import org.acmedelegate.update.ChallengeApexQueries;
import org.acmedelegate.update.DnsUpdates;
import org.acmedelegate.update.TsigFailureAudit;
import org.acmedelegate.update.UpdateProcessor;
import org.acmedelegate.update.UpdateScreen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the per-registration TSIG keys at start: every stored key, opened with the secrets key file,
 * and the RFC 2136 UPDATE handling that uses them.
 */
final class TsigSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TsigSetup.class);

    private TsigSetup() {}

    static TsigKeys keys(ServerConfig config, SecretBox box, TsigKeyStore store, AccountStore accounts, Clock clock) {
        TsigKeys keys = new TsigKeys(store, accounts, box, config.dns().zone(), new SecureRandom(), clock);
        keys.load();
        if (keys.size() > 0) {
            LOG.info("{} TSIG keys loaded for RFC 2136 updates", keys.size());
        }
        return keys;
    }

    /** In a cluster: re-reads a key as soon as another node changes it (the store announces each change). */
    static void followChanges(ChangeFollower follower, TsigKeys keys) {
        follower.alsoFollow(TsigKeyStore.CHANGE_CHANNEL, username -> {
            if (username == null) {
                keys.load();
            } else {
                keys.reread(UUID.fromString(username));
            }
        });
    }

    /** The UPDATE and signed-query handling on the DNS listeners, with {@code /update}'s service path. */
    static DnsUpdates updates(
            TsigKeys keys,
            AccountService service,
            AccountStore accounts,
            AuditLog audit,
            RateLimiter authFailures,
            Metrics metrics,
            Responder responder,
            ServedZone zone,
            Clock clock) {
        UpdateProcessor processor = new UpdateProcessor(service, accounts, audit, metrics);
        TsigFailureAudit failures = TsigFailureAudit.started(audit);
        UpdateScreen screen = new UpdateScreen(keys.inMemory(), clock, authFailures, failures, metrics);
        return new DnsUpdates(
                screen, processor, keys, new ChallengeApexQueries(keys, responder, zone, clock), failures, metrics);
    }
}
