package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.PrimaryConfig.JournalLimits;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.primary.ZoneChange;
import org.acmedelegate.primary.ZoneJournal;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.TestAccountService;
import org.acmedelegate.store.PostgresAccountStore;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.PostgresPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Name;

/**
 * A cluster node's expiry sweep, wired as a node wires it (PostgreSQL store, index, shared zone journal): each
 * name it empties is one journal change at a sequence of its own, so a secondary follows it by IXFR.
 */
class ClusterSweepJournalIT {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final Instant T0 = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void aSweepOverSeveralNamesIsOneIxfrStepPerName() throws Exception {
        TestClock clock = new TestClock(T0);
        TxtConfig txt = new TxtConfig(4, Duration.ofHours(1));
        try (PostgresAccountStore store =
                new PostgresAccountStore(PostgresDatabase.open(POSTGRES.server().newDatabase()))) {
            ChallengeIndex index = new ChallengeIndex(ZONE, clock, txt.lifetime(), 0);
            ZoneJournal journal = ZoneJournal.shared(
                    store.zoneJournal().orElseThrow(),
                    store::writeSequenceOf,
                    store::headSequence,
                    JournalLimits.DEFAULT,
                    clock);
            index.listen(journal);
            AccountService service = TestAccountService.create(store, index, txt, clock);
            Account a = account("sweep-a");
            Account b = account("sweep-b");
            Account kept = account("sweep-kept");
            for (Account account : List.of(a, b, kept)) {
                store.create(account);
            }
            service.publish(a, value('a'));
            service.publish(b, value('b'));
            clock.advance(Duration.ofMinutes(30));
            service.publish(kept, value('k'));
            long before = store.headSequence();

            clock.advance(Duration.ofMinutes(45));
            assertThat(service.purgeExpired()).isEqualTo(2);

            assertThat(store.headSequence()).isEqualTo(before + 2);
            List<ZoneChange> steps = journal.since(before).orElseThrow();
            assertThat(steps)
                    .extracting(c -> c.position() + " " + c.label() + " -" + c.removed() + " +" + c.added())
                    .containsExactly(
                            (before + 1) + " sweep-a -[" + value('a').value() + "] +[]",
                            (before + 2) + " sweep-b -[" + value('b').value() + "] +[]");
        }
    }

    private Account account(String subdomain) {
        return new Account(
                UUID.randomUUID(),
                "$2a$04$abcdefghijklmnopqrstuu5DvBgHBhXq6JbqZ6yH1YqIBVxJlj7xu",
                new Subdomain(subdomain),
                AllowFrom.ANY,
                T0);
    }

    private static TxtValue value(char c) {
        return new TxtValue(String.valueOf(c).repeat(43));
    }
}
