package org.acmedelegate.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link ChangeLog#changesAfter} found: for each changed subdomain its values as DNS answers them
 * (empty while its account is disabled), or empty when the subdomain is no longer registered; and the
 * sequence up to which the batch holds every change. A {@code gap} batch holds nothing: reload instead.
 */
public record ChangeBatch(long head, Map<String, Optional<List<TxtEntry>>> states, boolean gap) {
    public ChangeBatch {
        states = Map.copyOf(states);
    }

    public static ChangeBatch gap(long head) {
        return new ChangeBatch(head, Map.of(), true);
    }
}
