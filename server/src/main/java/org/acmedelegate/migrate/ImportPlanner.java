package org.acmedelegate.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.Cidr;
import org.acmedelegate.account.IpLiteral;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.store.TxtEntry;

/**
 * Decides what an import of an acme-dns database does, without writing anything: each registration
 * becomes an account with the same username, bcrypt hash, subdomain and allowfrom, unless a check fails
 * or the target already holds that username or subdomain with other data (never overwritten). An
 * identical account already in the target is "already there", which makes a second run a no-op.
 */
public final class ImportPlanner {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TxtConfig txt;
    private final Instant now;

    public ImportPlanner(TxtConfig txt, Instant now) {
        this.txt = txt;
        this.now = now;
    }

    public ImportPlan plan(AcmeDnsDatabase source, ImportTarget target) {
        return new Run(source, target).plan();
    }

    /** The state of one planning pass. */
    private final class Run {
        private final AcmeDnsDatabase source;
        private final ImportTarget target;
        private final Map<UUID, Account> byUsername = new HashMap<>();
        private final Map<Subdomain, Account> bySubdomain = new HashMap<>();
        private final List<Account> accounts = new ArrayList<>();
        private final List<ImportPlan.Value> values = new ArrayList<>();
        private final List<SkippedRow> skipped = new ArrayList<>();
        private int accountsAlreadyThere;
        private int valuesAlreadyThere;
        private int expired;

        Run(AcmeDnsDatabase source, ImportTarget target) {
            this.source = source;
            this.target = target;
            for (Account a : target.accounts()) {
                byUsername.put(a.username(), a);
                bySubdomain.put(a.subdomain(), a);
            }
        }

        ImportPlan plan() {
            Map<String, List<AcmeDnsTxt>> txtBySubdomain = new LinkedHashMap<>();
            int sourceValues = 0;
            for (AcmeDnsTxt row : source.txt()) {
                if (row.value() != null && !row.value().isEmpty()) {
                    sourceValues++;
                }
                txtBySubdomain
                        .computeIfAbsent(key(row.subdomain()), k -> new ArrayList<>())
                        .add(row);
            }
            Set<UUID> seenUsernames = new HashSet<>();
            Set<Subdomain> seenSubdomains = new HashSet<>();
            for (AcmeDnsRecord record : source.records()) {
                List<AcmeDnsTxt> rows = Optional.ofNullable(txtBySubdomain.remove(key(record.subdomain())))
                        .orElse(List.of());
                Account candidate;
                try {
                    candidate = account(record);
                } catch (Rejected r) {
                    skipAccount(record, r.getMessage(), rows);
                    continue;
                }
                if (!seenUsernames.add(candidate.username())) {
                    skipAccount(record, "duplicate username (an earlier row of the source has it)", rows);
                } else if (!seenSubdomains.add(candidate.subdomain())) {
                    skipAccount(record, "duplicate subdomain (an earlier row of the source has it)", rows);
                } else if (byUsername.containsKey(candidate.username())) {
                    Account existing = byUsername.get(candidate.username());
                    if (sameRegistration(existing, candidate)) {
                        accountsAlreadyThere++;
                        planValues(candidate.subdomain(), rows, target.values().apply(existing.subdomain()), false);
                    } else {
                        skipAccount(
                                record,
                                "duplicate username: the target already has this username with another"
                                        + " key, subdomain or allowfrom (left as it is)",
                                rows);
                    }
                } else if (bySubdomain.containsKey(candidate.subdomain())) {
                    skipAccount(
                            record,
                            "duplicate subdomain: account "
                                    + bySubdomain.get(candidate.subdomain()).username()
                                    + " of the target already owns it (left as it is)",
                            rows);
                } else {
                    accounts.add(candidate);
                    planValues(candidate.subdomain(), rows, List.of(), true);
                }
            }
            txtBySubdomain
                    .values()
                    .forEach(rows -> rows.stream()
                            .filter(ImportPlanner::hasValue)
                            .forEach(row -> skipped.add(
                                    new SkippedRow(row.toString(), "no registration in records owns this subdomain"))));
            return new ImportPlan(
                    source.source(),
                    source.records().size(),
                    sourceValues,
                    accounts,
                    values,
                    accountsAlreadyThere,
                    valuesAlreadyThere,
                    expired,
                    skipped);
        }

        private void skipAccount(AcmeDnsRecord record, String reason, List<AcmeDnsTxt> rows) {
            skipped.add(new SkippedRow(record.toString(), reason));
            rows.stream()
                    .filter(ImportPlanner::hasValue)
                    .forEach(row -> skipped.add(new SkippedRow(
                            row.toString(), "its registration (records row " + record.row() + ") was skipped")));
        }

        /**
         * The newest {@code txt.max_values} valid values, put oldest first. For an account that is already
         * there, only values newer than everything it stores are added (so a value the server replaced since
         * never comes back), and never an expired one.
         */
        private void planValues(Subdomain subdomain, List<AcmeDnsTxt> rows, List<TxtEntry> stored, boolean newAccount) {
            List<AcmeDnsTxt> valid = new ArrayList<>();
            for (AcmeDnsTxt row : rows) {
                if (!hasValue(row)) {
                    continue; // acme-dns makes empty rows at registration: placeholders, not values
                }
                try {
                    new TxtValue(row.value());
                    valid.add(row);
                } catch (ApiException e) {
                    skipped.add(new SkippedRow(row.toString(), "bad TXT value (not 43 base64url characters)"));
                }
            }
            valid.sort(Comparator.comparingLong(AcmeDnsTxt::lastUpdate)
                    .thenComparingLong(AcmeDnsTxt::row)
                    .reversed());
            Set<String> seen = new HashSet<>();
            List<AcmeDnsTxt> kept = new ArrayList<>();
            for (AcmeDnsTxt row : valid) {
                if (!seen.add(row.value())) {
                    skipped.add(new SkippedRow(row.toString(), "the same value as a newer row"));
                } else if (kept.size() >= txt.maxValues()) {
                    skipped.add(new SkippedRow(
                            row.toString(),
                            "older than the newest " + txt.maxValues() + " values of this subdomain (txt.max_values)"));
                } else {
                    kept.add(row);
                }
            }
            Set<String> storedValues = new HashSet<>();
            Instant newestStored = null;
            for (TxtEntry e : stored) {
                storedValues.add(e.value().value());
                newestStored =
                        newestStored == null || e.updatedAt().isAfter(newestStored) ? e.updatedAt() : newestStored;
            }
            for (int i = kept.size() - 1; i >= 0; i--) {
                AcmeDnsTxt row = kept.get(i);
                Instant time = Instant.ofEpochSecond(row.lastUpdate());
                if (storedValues.contains(row.value())) {
                    valuesAlreadyThere++;
                } else if (!newAccount && newestStored != null && !time.isAfter(newestStored)) {
                    skipped.add(new SkippedRow(row.toString(), "the target holds newer values for this subdomain"));
                } else if (!newAccount && expired(time)) {
                    skipped.add(new SkippedRow(row.toString(), "expired (older than txt.lifetime)"));
                } else {
                    values.add(new ImportPlan.Value(subdomain, new TxtValue(row.value()), time));
                    if (expired(time)) {
                        expired++;
                    }
                }
            }
        }
    }

    private boolean expired(Instant time) {
        return !txt.lifetime().isZero() && time.isBefore(now.minus(txt.lifetime()));
    }

    private Account account(AcmeDnsRecord record) {
        if (record.username() == null || !UUID_TEXT.matcher(record.username()).matches()) {
            throw new Rejected("bad username (not a UUID)");
        }
        if (record.password() == null || !BCRYPT.matcher(record.password()).matches()) {
            throw new Rejected("bad password (not a bcrypt hash)");
        }
        Subdomain subdomain;
        try {
            subdomain = new Subdomain(record.subdomain());
        } catch (ApiException e) {
            throw new Rejected("bad subdomain (not a DNS label)");
        }
        return new Account(
                UUID.fromString(record.username()), record.password(), subdomain, allowFrom(record.allowFrom()), now);
    }

    /**
     * acme-dns stores allowfrom as a JSON list. It ignores entries it cannot parse, and a list of only such
     * entries then allows every address; the import never widens access like that: one bad entry skips the row.
     */
    static AllowFrom allowFrom(String text) {
        if (text == null || text.isBlank()) {
            return AllowFrom.ANY;
        }
        JsonNode list;
        try {
            list = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Rejected("bad allowfrom (not a JSON list of CIDRs)");
        }
        if (list == null || list.isNull()) {
            return AllowFrom.ANY;
        }
        if (!list.isArray()) {
            throw new Rejected("bad allowfrom (not a JSON list of CIDRs)");
        }
        List<Cidr> networks = new ArrayList<>();
        for (JsonNode entry : list) {
            String cidr = entry.isTextual() ? entry.asText() : entry.toString();
            try {
                networks.add(Cidr.parse(entry.isTextual() ? cidr.strip() : null));
            } catch (IllegalArgumentException e) {
                throw new Rejected("bad CIDR \"" + cidr + "\" in allowfrom"
                        + (bareAddress(cidr)
                                ? " (an address without /prefix, which acme-dns ignores; write it as a network)"
                                : ""));
            }
        }
        return new AllowFrom(networks);
    }

    private static boolean bareAddress(String text) {
        try {
            IpLiteral.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean sameRegistration(Account existing, Account candidate) {
        return existing.keyHash().equals(candidate.keyHash())
                && existing.subdomain().equals(candidate.subdomain())
                && Set.copyOf(existing.allowFrom().asStrings())
                        .equals(Set.copyOf(candidate.allowFrom().asStrings()));
    }

    private static boolean hasValue(AcmeDnsTxt row) {
        return row.value() != null && !row.value().isEmpty();
    }

    private static String key(String subdomain) {
        return subdomain == null ? "" : subdomain.toLowerCase(Locale.ROOT);
    }

    /** A registration row that cannot become an account; the message is the reason. */
    private static final class Rejected extends RuntimeException {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
