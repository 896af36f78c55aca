package org.acmedelegate.migrate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;

/**
 * What an import will do: the accounts to create, the values to put (for each subdomain oldest first,
 * so that the newest gets the highest sequence), what the target already holds, and every source row
 * left out with its reason. {@code expiredValues} counts the values to put that are older than
 * {@code txt.lifetime}: they are stored with their time and expire like any other.
 */
public record ImportPlan(
        String source,
        int sourceAccounts,
        int sourceValues,
        List<Account> accounts,
        List<Value> values,
        int accountsAlreadyThere,
        int valuesAlreadyThere,
        int expiredValues,
        List<SkippedRow> skipped) {
    public ImportPlan {
        Objects.requireNonNull(source, "source");
        accounts = List.copyOf(accounts);
        values = List.copyOf(values);
        skipped = List.copyOf(skipped);
    }

    /** True when writing this plan would change nothing. */
    public boolean empty() {
        return accounts.isEmpty() && values.isEmpty();
    }

    /** One TXT value to put, with the time acme-dns last updated it. */
    public record Value(Subdomain subdomain, TxtValue value, Instant time) {
        public Value {
            Objects.requireNonNull(subdomain, "subdomain");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(time, "time");
        }
    }
}
