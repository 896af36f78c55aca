package org.acmedelegate.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.Test;

class ImportPlannerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String HASH = "$2a$10$Vwz9H0tIO8ioewqWkzwgnerOGTRE8H9x7m0KcXRHM.NLT5lmZJ5US";
    private static final String OTHER_HASH = "$2a$10$ocVAyn/dPy3seUvRDbg7ru0MzIAZrzkOJVy85tOndlNdEcFg/6MtK";
    private static final String USER = "39c5a60b-8c24-4dfa-9484-be8ab9ffc9de";
    private static final String SUB = "9da3051f-9313-429b-9779-efb99dc5be0b";
    private static final String V1 = "v4i3Ae8rxNaHlcWUwubeLqxP7LV7xbCNglz8w9NVPI8";
    private static final String V2 = "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU";
    private static final String V3 = "C1hbZVqJR7Cc7tUJchG31iZj6kdWnFWLYqVHt16GK8o";
    private static final long T1 = NOW.minusSeconds(30).getEpochSecond();
    private static final long T2 = NOW.minusSeconds(20).getEpochSecond();
    private static final long T3 = NOW.minusSeconds(10).getEpochSecond();

    private final ImportPlanner planner = new ImportPlanner(new TxtConfig(4, Duration.ofHours(24)), NOW);
    private final List<AcmeDnsRecord> records = new ArrayList<>();
    private final List<AcmeDnsTxt> txt = new ArrayList<>();

    private void record(String username, String hash, String subdomain, String allowFrom) {
        records.add(new AcmeDnsRecord(records.size() + 1, username, hash, subdomain, allowFrom));
    }

    private void value(String subdomain, String value, long lastUpdate) {
        txt.add(new AcmeDnsTxt(txt.size() + 1, subdomain, value, lastUpdate));
    }

    private ImportPlan plan(ImportTarget target) {
        return planner.plan(new AcmeDnsDatabase("acme-dns.db", "1", records, txt), target);
    }

    private ImportPlan plan() {
        return plan(ImportTarget.EMPTY);
    }

    private static String reasonFor(ImportPlan plan, String rowPrefix) {
        return plan.skipped().stream()
                .filter(s -> s.row().startsWith(rowPrefix))
                .map(SkippedRow::reason)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no skipped row " + rowPrefix + " in " + plan.skipped()));
    }

    @Test
    void keepsUsernameHashSubdomainAndAllowfromAsAcmeDnsStoredThem() {
        record(USER, HASH, SUB, "[\"127.0.0.0/8\",\"192.0.2.0/24\"]");

        ImportPlan plan = plan();

        assertThat(plan.accounts()).singleElement().satisfies(a -> {
            assertThat(a.username()).isEqualTo(UUID.fromString(USER));
            assertThat(a.keyHash()).isEqualTo(HASH);
            assertThat(a.subdomain().value()).isEqualTo(SUB);
            assertThat(a.allowFrom().asStrings()).containsExactly("127.0.0.0/8", "192.0.2.0/24");
            assertThat(a.createdAt()).isEqualTo(NOW);
        });
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void readsAnEmptyListAnEmptyStringAndNullAsAllowfromForEveryAddress() {
        record(USER, HASH, SUB, "[]");
        record(UUID.randomUUID().toString(), HASH, "a1", "");
        record(UUID.randomUUID().toString(), HASH, "a2", null);

        assertThat(plan().accounts())
                .extracting(Account::allowFrom)
                .containsOnly(AllowFrom.ANY)
                .hasSize(3);
    }

    @Test
    void skipsRowsWithABadSubdomainCidrUsernameOrHashAndSaysWhy() {
        record(USER, HASH, "not a label!", "[]");
        record(UUID.randomUUID().toString(), HASH, "s2", "[\"10.0.0.0/33\"]");
        record(UUID.randomUUID().toString(), HASH, "s3", "[\"10.0.0.1\"]");
        record(UUID.randomUUID().toString(), HASH, "s4", "{\"a\":1}");
        record("admin", HASH, "s5", "[]");
        record(UUID.randomUUID().toString(), "plaintext", "s6", "[]");
        record(UUID.randomUUID().toString(), HASH, "s7", "[\"192.0.2.0/24\",\"nonsense\"]");

        ImportPlan plan = plan();

        assertThat(plan.accounts()).isEmpty();
        assertThat(plan.skipped())
                .extracting(SkippedRow::reason)
                .containsExactly(
                        "bad subdomain (not a DNS label)",
                        "bad CIDR \"10.0.0.0/33\" in allowfrom",
                        "bad CIDR \"10.0.0.1\" in allowfrom (an address without /prefix, which acme-dns ignores; write it as a network)",
                        "bad allowfrom (not a JSON list of CIDRs)",
                        "bad username (not a UUID)",
                        "bad password (not a bcrypt hash)",
                        "bad CIDR \"nonsense\" in allowfrom");
    }

    @Test
    void importsValuesWithTheirTimesOldestFirstAndIgnoresTheEmptyRowsOfARegistration() {
        record(USER, HASH, SUB, "[]");
        value(SUB, V2, T2);
        value(SUB, V1, T1);
        value(SUB, "", 0);

        ImportPlan plan = plan();

        assertThat(plan.values())
                .extracting(v -> v.value().value(), ImportPlan.Value::time)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(V1, Instant.ofEpochSecond(T1)),
                        org.assertj.core.groups.Tuple.tuple(V2, Instant.ofEpochSecond(T2)));
        assertThat(plan.sourceValues()).isEqualTo(2);
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.expiredValues()).isZero();
    }

    @Test
    void keepsOnlyTheNewestValuesWithinTxtMaxValues() {
        ImportPlanner keepOne = new ImportPlanner(new TxtConfig(1, Duration.ofHours(24)), NOW);
        record(USER, HASH, SUB, "[]");
        value(SUB, V1, T1);
        value(SUB, V3, T3);
        value(SUB, V2, T2);

        ImportPlan plan = keepOne.plan(new AcmeDnsDatabase("x", "1", records, txt), ImportTarget.EMPTY);

        assertThat(plan.values()).extracting(v -> v.value().value()).containsExactly(V3);
        assertThat(plan.skipped())
                .extracting(SkippedRow::reason)
                .containsOnly("older than the newest 1 values of this subdomain (txt.max_values)")
                .hasSize(2);
    }

    @Test
    void skipsAnInvalidValueAndValuesWithoutARegistration() {
        record(USER, HASH, SUB, "[]");
        value(SUB, "short", T1);
        value("orphan", V1, T1);

        ImportPlan plan = plan();

        assertThat(plan.values()).isEmpty();
        assertThat(reasonFor(plan, "txt row 1")).isEqualTo("bad TXT value (not 43 base64url characters)");
        assertThat(reasonFor(plan, "txt row 2")).isEqualTo("no registration in records owns this subdomain");
    }

    @Test
    void countsValuesOlderThanTheLifetimeAsExpired() {
        record(USER, HASH, SUB, "[]");
        value(SUB, V1, NOW.minus(Duration.ofDays(2)).getEpochSecond());

        ImportPlan plan = plan();

        assertThat(plan.values()).hasSize(1);
        assertThat(plan.expiredValues()).isEqualTo(1);
    }

    @Test
    void anIdenticalAccountInTheTargetIsAlreadyThereWithItsValues() {
        record(USER, HASH, SUB, "[\"127.0.0.0/8\"]");
        value(SUB, V1, T1);
        value(SUB, V2, T2);
        Account existing = new Account(
                UUID.fromString(USER),
                HASH,
                new Subdomain(SUB),
                AllowFrom.parse(List.of("127.0.0.0/8")),
                NOW.minusSeconds(3600));
        ImportTarget target = new ImportTarget(
                List.of(existing),
                s -> List.of(
                        new TxtEntry(new TxtValue(V2), 2, Instant.ofEpochSecond(T2)),
                        new TxtEntry(new TxtValue(V1), 1, Instant.ofEpochSecond(T1))));

        ImportPlan plan = plan(target);

        assertThat(plan.empty()).isTrue();
        assertThat(plan.accountsAlreadyThere()).isEqualTo(1);
        assertThat(plan.valuesAlreadyThere()).isEqualTo(2);
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void neverBringsBackAValueOlderThanWhatTheTargetNowHolds() {
        record(USER, HASH, SUB, "[]");
        value(SUB, V1, T1);
        value(SUB, V3, T3);
        Account existing = new Account(UUID.fromString(USER), HASH, new Subdomain(SUB), AllowFrom.ANY, NOW);
        ImportTarget target = new ImportTarget(
                List.of(existing), s -> List.of(new TxtEntry(new TxtValue(V2), 7, Instant.ofEpochSecond(T2))));

        ImportPlan plan = plan(target);

        assertThat(plan.values()).extracting(v -> v.value().value()).containsExactly(V3);
        assertThat(reasonFor(plan, "txt row 1")).isEqualTo("the target holds newer values for this subdomain");
    }

    @Test
    void neverOverwritesAUsernameOrSubdomainTheTargetHoldsWithOtherData() {
        String otherUser = UUID.randomUUID().toString();
        record(USER, HASH, SUB, "[]");
        record(otherUser, HASH, "taken", "[]");
        value(SUB, V1, T1);
        Account sameUserOtherKey =
                new Account(UUID.fromString(USER), OTHER_HASH, new Subdomain(SUB), AllowFrom.ANY, NOW);
        Account ownerOfTaken = new Account(UUID.randomUUID(), HASH, new Subdomain("taken"), AllowFrom.ANY, NOW);

        ImportPlan plan = plan(new ImportTarget(List.of(sameUserOtherKey, ownerOfTaken), s -> List.of()));

        assertThat(plan.empty()).isTrue();
        assertThat(reasonFor(plan, "records row 1")).startsWith("duplicate username:");
        assertThat(reasonFor(plan, "records row 2"))
                .isEqualTo("duplicate subdomain: account " + ownerOfTaken.username()
                        + " of the target already owns it (left as it is)");
        assertThat(reasonFor(plan, "txt row 1")).isEqualTo("its registration (records row 1) was skipped");
    }

    @Test
    void aDifferentAllowfromMakesTheSameUsernameADuplicate() {
        record(USER, HASH, SUB, "[\"10.0.0.0/8\"]");
        Account existing = new Account(UUID.fromString(USER), HASH, new Subdomain(SUB), AllowFrom.ANY, NOW);

        ImportPlan plan = plan(new ImportTarget(List.of(existing), s -> List.of()));

        assertThat(plan.accountsAlreadyThere()).isZero();
        assertThat(reasonFor(plan, "records row 1")).startsWith("duplicate username:");
    }

    @Test
    void aSubdomainTwiceInTheSourceKeepsTheFirstRow() {
        record(USER, HASH, SUB, "[]");
        record(UUID.randomUUID().toString(), OTHER_HASH, SUB.toUpperCase(), "[]");

        ImportPlan plan = plan();

        assertThat(plan.accounts()).extracting(Account::username).containsExactly(UUID.fromString(USER));
        assertThat(reasonFor(plan, "records row 2"))
                .isEqualTo("duplicate subdomain (an earlier row of the source has it)");
    }

    @Test
    void neverNamesAPasswordHashInTheReport() {
        record(USER, HASH, "bad label", "[]");
        record(UUID.randomUUID().toString(), OTHER_HASH, "s2", "[\"x\"]");

        String report = ImportReport.text(plan(), "data/acme-delegate.db", Duration.ofHours(24), true);

        assertThat(report)
                .doesNotContain(HASH)
                .doesNotContain(OTHER_HASH)
                .doesNotContain("$2a$")
                .contains("accounts: 2 in the source, 0 to import, 0 already there, 2 skipped")
                .contains("dry run: nothing written")
                .contains("skipped records row 1 (username " + USER + ", subdomain bad label): bad subdomain");
    }
}
