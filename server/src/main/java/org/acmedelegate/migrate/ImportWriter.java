package org.acmedelegate.migrate;

import java.util.function.IntConsumer;
import org.acmedelegate.account.Account;
import org.acmedelegate.store.AccountStore;

/**
 * Writes an {@link ImportPlan} into a store: every account first, then the values oldest first, each
 * with acme-dns' time. Each write commits on its own, so a run that stops half-way is completed by
 * running the import again (the planner counts what is there already).
 */
public final class ImportWriter {
    /** Writes between two progress reports. */
    public static final int PROGRESS_STEP = 2000;

    private final AccountStore store;
    private final int keep;

    public ImportWriter(AccountStore store, int keep) {
        this.store = store;
        this.keep = keep;
    }

    public void write(ImportPlan plan) {
        write(plan, written -> {});
    }

    /**
     * Writes the plan and tells {@code progress} how many writes (accounts plus values) are done after
     * every {@code PROGRESS_STEP} of them: a large import takes minutes, as each write is made durable.
     */
    public void write(ImportPlan plan, IntConsumer progress) {
        int done = 0;
        for (Account account : plan.accounts()) {
            store.create(account);
            done = step(done, progress);
        }
        for (ImportPlan.Value v : plan.values()) {
            store.putTxt(v.subdomain(), v.value(), v.time(), keep);
            done = step(done, progress);
        }
    }

    private static int step(int done, IntConsumer progress) {
        int now = done + 1;
        if (now % PROGRESS_STEP == 0) {
            progress.accept(now);
        }
        return now;
    }
}
