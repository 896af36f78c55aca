package org.acmedelegate.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.CnameCheck;

/** An account as administrators see it: the account, when a TXT value was last put, and its last CNAME check. */
public record AccountRecord(Account account, Optional<Instant> lastUpdate, Optional<CnameCheck> cname) {
    public AccountRecord {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(lastUpdate, "lastUpdate");
        Objects.requireNonNull(cname, "cname");
    }
}
