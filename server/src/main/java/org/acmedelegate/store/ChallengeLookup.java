package org.acmedelegate.store;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * What the DNS responder reads: the registered names of the zone and their live TXT values. Reads are
 * lock-free, never touch the database and are safe from any thread.
 */
public interface ChallengeLookup {

    /**
     * The live TXT values at {@code name} (matched case-insensitively), newest first; an empty list for
     * a registered name without values; {@code null} when no subdomain is registered at that name.
     */
    List<String> txtValues(Name name);
}
