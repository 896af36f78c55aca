package org.acmedelegate.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.store.InMemoryAccountStore;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.Test;

class ImportWriterTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String OLD = "v4i3Ae8rxNaHlcWUwubeLqxP7LV7xbCNglz8w9NVPI8";
    private static final String NEW = "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU";

    private static Account account(int i) {
        return new Account(UUID.randomUUID(), "$2a$10$" + "a".repeat(53), new Subdomain("s" + i), AllowFrom.ANY, NOW);
    }

    private static ImportPlan plan(List<Account> accounts, List<ImportPlan.Value> values) {
        return new ImportPlan("src", accounts.size(), values.size(), accounts, values, 0, 0, 0, List.of());
    }

    @Test
    void storesTheValuesWithAcmeDnsTimesAndTheNewestAsTheNewestSequence() {
        Account account = account(1);
        InMemoryAccountStore store = new InMemoryAccountStore();

        new ImportWriter(store, 4)
                .write(plan(
                        List.of(account),
                        List.of(
                                new ImportPlan.Value(account.subdomain(), new TxtValue(OLD), NOW.minusSeconds(60)),
                                new ImportPlan.Value(account.subdomain(), new TxtValue(NEW), NOW.minusSeconds(30)))));

        assertThat(store.findByUsername(account.username())).hasValue(account);
        assertThat(store.txtEntries(account.subdomain()))
                .extracting(e -> e.value().value(), TxtEntry::updatedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(NEW, NOW.minusSeconds(30)),
                        org.assertj.core.groups.Tuple.tuple(OLD, NOW.minusSeconds(60)));
    }

    @Test
    void reportsProgressEveryTwoThousandWrites() {
        List<Account> accounts = new ArrayList<>();
        List<ImportPlan.Value> values = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            accounts.add(account(i));
        }
        for (int i = 0; i < 2000; i++) {
            values.add(new ImportPlan.Value(accounts.get(i).subdomain(), new TxtValue(NEW), NOW));
        }
        List<Integer> reported = new ArrayList<>();

        new ImportWriter(new InMemoryAccountStore(), 2).write(plan(accounts, values), reported::add);

        assertThat(reported).containsExactly(2000, 4000);
    }
}
