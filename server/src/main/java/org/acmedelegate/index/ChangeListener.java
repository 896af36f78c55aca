package org.acmedelegate.index;

import java.util.List;

/**
 * Told of each change to one registered name's stored TXT values (see {@link ChallengeIndex#listen}).
 * Called with the name's entry locked: it must be quick and must not call back into the index.
 */
@FunctionalInterface
public interface ChangeListener {
    /** {@code label}'s values went from {@code before} to {@code after} (newest first, possibly equal). */
    void changed(String label, List<String> before, List<String> after);
}
