package org.acmedelegate.index;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

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

    /**
     * {@link #txtValues(Name)} of {@code <label>.<zone>}, for a {@code label} of lower-case letters,
     * digits and hyphens: lets the DNS fast path look up a name without building a {@link Name}.
     */
    default List<String> txtValues(String label, Name zone) {
        try {
            return txtValues(Name.concatenate(Name.fromString(label), zone));
        } catch (TextParseException | NameTooLongException e) {
            return null;
        }
    }
}
