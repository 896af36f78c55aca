package org.acmedelegate.http;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.InMemoryAccountStore;
import org.acmedelegate.store.StoreException;
import org.acmedelegate.store.StoreSnapshot;

/** Reads work; every write fails the way a broken database would, with a message that must not leak. */
final class FailingAccountStore implements AccountStore {
    static final String SECRET_DETAIL = "SQLITE_IOERR at /var/lib/acme-delegate/secret.db: disk I/O error";

    private final InMemoryAccountStore delegate = new InMemoryAccountStore();
    private volatile boolean failing;
    private volatile boolean crashing;

    /** Writes throw {@link StoreException}, as a store reports I/O trouble. */
    void startFailing() {
        failing = true;
    }

    /** Writes throw an unexpected runtime exception, as a bug would. */
    void startCrashing() {
        crashing = true;
    }

    @Override
    public void create(Account account) {
        failIfAsked();
        delegate.create(account);
    }

    @Override
    public Optional<Account> findByUsername(UUID username) {
        return delegate.findByUsername(username);
    }

    @Override
    public List<org.acmedelegate.store.TxtEntry> putTxt(Subdomain subdomain, TxtValue value, Instant now, int keep) {
        failIfAsked();
        return delegate.putTxt(subdomain, value, now, keep);
    }

    @Override
    public List<org.acmedelegate.store.TxtEntry> txtEntries(Subdomain subdomain) {
        failIfAsked();
        return delegate.txtEntries(subdomain);
    }

    @Override
    public List<org.acmedelegate.store.TxtEntry> deleteTxt(Subdomain subdomain, TxtValue value) {
        failIfAsked();
        return delegate.deleteTxt(subdomain, value);
    }

    @Override
    public int purgeExpired(Instant cutoff) {
        return delegate.purgeExpired(cutoff);
    }

    @Override
    public void update(Account account) {
        failIfAsked();
        delegate.update(account);
    }

    @Override
    public boolean delete(UUID username) {
        failIfAsked();
        return delegate.delete(username);
    }

    @Override
    public List<org.acmedelegate.store.AccountRecord> list() {
        return delegate.list();
    }

    @Override
    public void recordCnameCheck(UUID username, org.acmedelegate.account.CnameCheck check) {
        failIfAsked();
        delegate.recordCnameCheck(username, check);
    }

    @Override
    public org.acmedelegate.store.StoreHealth check() {
        return failing || crashing
                ? new org.acmedelegate.store.StoreHealth(
                        org.acmedelegate.store.StoreHealth.State.WRITES_FAILING, SECRET_DETAIL)
                : org.acmedelegate.store.StoreHealth.WRITABLE;
    }

    @Override
    public StoreSnapshot snapshot() {
        return delegate.snapshot();
    }

    @Override
    public void close() {}

    private void failIfAsked() {
        if (crashing) {
            throw new IllegalStateException(SECRET_DETAIL);
        }
        if (failing) {
            throw new StoreException(SECRET_DETAIL, new java.io.IOException(SECRET_DETAIL));
        }
    }
}
