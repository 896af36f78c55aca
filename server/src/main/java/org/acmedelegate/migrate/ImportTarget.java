package org.acmedelegate.migrate;

import java.util.List;
import java.util.function.Function;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.TxtEntry;

/** What the target store already holds, as the planner needs it: its accounts and each one's stored values. */
public record ImportTarget(List<Account> accounts, Function<Subdomain, List<TxtEntry>> values) {
    /** A store that does not exist yet. */
    public static final ImportTarget EMPTY = new ImportTarget(List.of(), subdomain -> List.of());

    public ImportTarget {
        accounts = List.copyOf(accounts);
    }

    public static ImportTarget of(AccountStore store) {
        return new ImportTarget(
                store.list().stream().map(AccountRecord::account).toList(), store::txtEntries);
    }
}
