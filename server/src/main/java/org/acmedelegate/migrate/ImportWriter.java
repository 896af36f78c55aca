package org.acmedelegate.migrate;

import org.acmedelegate.store.AccountStore;

/**
 * Writes an {@link ImportPlan} into a store: every account first, then the values oldest first, each
 * with acme-dns' time. Each write commits on its own, so a run that stops half-way is completed by
 * running the import again (the planner counts what is there already).
 */
public final class ImportWriter {
    private final AccountStore store;
    private final int keep;

    public ImportWriter(AccountStore store, int keep) {
        this.store = store;
        this.keep = keep;
    }

    public void write(ImportPlan plan) {
        plan.accounts().forEach(store::create);
        for (ImportPlan.Value v : plan.values()) {
            store.putTxt(v.subdomain(), v.value(), v.time(), keep);
        }
    }
}
