package org.acmedelegate.dns.tsig;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Where a {@link TsigVerifier} finds the key a request names. Implementations answer from memory (they
 * are asked on the DNS path), are safe for concurrent use and never throw: an unknown name is empty.
 */
@FunctionalInterface
public interface TsigKeyring {
    /** The key called {@code name} (case-insensitive, as DNS names compare), or empty. */
    Optional<TsigKey> find(Name name);

    /** A fixed set of keys, such as those of the config; two keys with one name are refused. */
    static TsigKeyring of(Collection<TsigKey> keys) {
        Map<Name, TsigKey> byName = new HashMap<>();
        for (TsigKey key : keys) {
            if (byName.putIfAbsent(key.name(), key) != null) {
                throw new IllegalArgumentException("two TSIG keys are called " + key.name());
            }
        }
        Map<Name, TsigKey> frozen = Map.copyOf(byName);
        return name -> Optional.ofNullable(frozen.get(name));
    }
}
