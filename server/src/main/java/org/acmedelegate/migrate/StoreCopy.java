package org.acmedelegate.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.StoreException;
import org.acmedelegate.store.StoredTsigKey;
import org.acmedelegate.store.TsigKeyStore;
import org.acmedelegate.store.TxtEntry;

/**
 * Copies every account (username, bcrypt hash, subdomain, allowfrom, creation time, domain, disabled flag,
 * last CNAME check), every stored TXT value (with its time, in the same order) and every TSIG key from one
 * store into an empty one, so clients keep their credentials when a server moves between SQLite and
 * PostgreSQL. TSIG secrets move still sealed: they open with the same secrets key file as before.
 */
public final class StoreCopy {
    /** How many accounts, values and TSIG keys were copied. */
    public record Result(int accounts, int values, int tsigKeys) {}

    private StoreCopy() {}

    /**
     * Copies {@code from} into {@code to}, which must hold no account; {@code progress} hears the number of
     * accounts copied so far now and then. Each account is written with its values before the next.
     */
    public static Result copy(AccountStore from, AccountStore to, int maxValues, IntConsumer progress) {
        if (to.accountCount() > 0) {
            throw new StoreException(
                    "the target already holds " + to.accountCount() + " accounts; copy only into an" + " empty store");
        }
        int accounts = 0;
        int values = 0;
        for (AccountRecord r : from.list()) {
            to.create(r.account());
            List<TxtEntry> entries = new ArrayList<>(from.txtEntries(r.account().subdomain()));
            // Oldest first, so the target's sequences keep the source's order.
            entries.sort((x, y) -> Long.compare(x.sequence(), y.sequence()));
            for (TxtEntry e : entries) {
                to.putTxt(r.account().subdomain(), e.value(), e.updatedAt(), Math.max(maxValues, entries.size()));
                values++;
            }
            if (r.cname().isPresent()) {
                to.recordCnameCheck(r.account().username(), r.cname().get());
            }
            accounts++;
            if (accounts % 1000 == 0) {
                progress.accept(accounts);
            }
        }
        return new Result(accounts, values, copyTsigKeys(from, to));
    }

    // The sealed bytes are copied as they are: the seal binds the account and key name, which stay the same.
    private static int copyTsigKeys(AccountStore from, AccountStore to) {
        if (!(from instanceof TsigKeyStore source)) {
            return 0;
        }
        List<StoredTsigKey> keys = source.tsigKeys();
        if (keys.isEmpty()) {
            return 0;
        }
        if (!(to instanceof TsigKeyStore target)) {
            throw new StoreException("the target store cannot hold the " + keys.size() + " TSIG keys of the source");
        }
        for (StoredTsigKey key : keys) {
            target.putTsigKey(key);
        }
        return keys.size();
    }
}
