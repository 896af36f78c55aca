package org.acmedelegate.store;

import java.util.List;
import java.util.Map;
import org.acmedelegate.account.Subdomain;

/** Everything the DNS index needs at start: every registered subdomain and its live TXT values. */
public record StoreSnapshot(Map<Subdomain, List<TxtEntry>> challenges) {
    public StoreSnapshot {
        challenges = Map.copyOf(challenges);
    }
}
